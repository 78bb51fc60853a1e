import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GradServe

/// What a hostile or careless client sends, through every endpoint: the samples mutated as the
/// fuzzers mutate them (spans cut, lines doubled, hostile text put in), titles and names from
/// the property tests' alphabet, pathological files, and options of every wrong kind. Every
/// answer is a proper refusal or a result (never a 500), and the server still works after.
@Suite(.serialized) struct HostileInputTests {
    /// Texts that break formats: controls, quotes, markup, bidi marks, wide and joined script.
    static let hostile = [
        "\u{0}", "\u{1}", "\u{1B}", "\u{7F}", "\"", "'", "<", ">", "&", "[", "]", "{", "}", "|",
        "\\", "%", "#", ";", "=", ",", "(", ")", ":", "\n", "\t", "    ", "\u{202E}", "\u{200F}",
        "\u{301}", "👩‍👩‍👧", "输入", "שלום", "∂", "\u{FEFF}", "\u{2028}", "<script>", "</svg>",
        "]]>", "<!--", "\\N", "**", "@", ".", "np.", "backward", "def", "for", "lambda", "1e308",
        "-", "0",
    ]

    /// A reproducible stream of choices (SplitMix64), so a failure names its trial.
    struct Choices {
        var state: UInt64
        mutating func next(_ count: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(count))
        }
    }

    static func mutated(_ source: String, _ choices: inout Choices) -> String {
        var scalars = Array(source.unicodeScalars)
        for _ in 0..<(1 + choices.next(3)) {
            let at = choices.next(scalars.count + 1)
            switch choices.next(3) {
            case 0:  // cut a span
                let end = min(scalars.count, at + choices.next(12))
                scalars.removeSubrange(at..<end)
            case 1:  // put hostile text in
                scalars.insert(
                    contentsOf: hostile[choices.next(hostile.count)].unicodeScalars, at: at)
            default:  // double a stretch
                let end = min(scalars.count, at + choices.next(30))
                scalars.insert(contentsOf: scalars[at..<end], at: at)
            }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    static let pathological = [
        "", "\n\n\n", String(repeating: "(", count: 5000) + "1",
        "x = " + String(repeating: "-", count: 10000) + "1\nbackward x\n",
        "x = np.ones((100000, 100000))\nbackward x.sum()\n",
        "x = 10 ** 400\nbackward x\n",
        "title \"\u{0}\u{1}<script>alert(1)</script>\"\nx = 2\nbackward x\n",
        "import os\nos.system('touch /tmp/pwned')\n", "x = open('/etc/passwd')\n",
        "def f(x):\n    return f(x)\nx = Variable(np.array(1.0))\ny = f(x)\ny.backward()\n",
        String(repeating: "x = 1\n", count: 20000),
    ]

    @Test func hostileRequestsNeverGiveA500() async throws {
        let samples = BundledSamples.all.map(\.source)
        var choices = Choices(state: 2026)
        var sources = Self.pathological
        for trial in 0..<120 {
            let sample = samples[trial % samples.count]
            sources.append(Self.mutated(sample, &choices))
        }
        let endpoints = ["/api/render", "/api/eval", "/api/check", "/api/grade", "/api/plot"]
        let optionSets: [[String: Any]] = [
            [:], ["explain": true, "quiz": true], ["show": "<script>"], ["theme": "../../etc"],
            ["collapse": ["statements", "calls"]], ["precision": 1e300], ["focus": "--output"],
            ["steps": true, "format": "x"], ["passes": true], ["unknown": 1], ["pass": -1],
            ["o": "/etc/passwd"], ["maxElements": [1, 2]], ["depth": ["a": 1]],
        ]
        var requests: [(endpoint: String, body: ByteBuffer, shown: String)] = []
        for (trial, source) in sources.enumerated() {
            var body: [String: Any] = [
                "source": source, "options": optionSets[trial % optionSets.count],
            ]
            if trial % 7 == 3 { body["format"] = ["png", "tikz", "html", "pdf", "dot"][trial % 5] }
            if trial % 5 == 2 { body["answers"] = Self.mutated("1: 1\n2: [1, 2]\n", &choices) }
            requests.append(
                (
                    endpoints[trial % endpoints.count], APIRouteTests.body(body),
                    "trial \(trial): \(source.debugDescription.prefix(160))"
                ))
        }
        try await APIRouteTests.withApp(workers: 2, timeout: 5) { [requests] client, _ in
            var statuses: [Int: Int] = [:]
            for request in requests {
                try await client.execute(uri: request.endpoint, method: .post, body: request.body) {
                    response in
                    statuses[Int(response.status.code), default: 0] += 1
                    #expect(
                        [200, 400, 413, 422, 504].contains(Int(response.status.code)),
                        "\(request.endpoint) \(response.status), \(request.shown)")
                    // Every answer is the API's JSON.
                    #expect(
                        (try? JSONSerialization.jsonObject(
                            with: Data(response.body.readableBytesView))) != nil,
                        "not JSON: \(request.shown)")
                }
            }
            #expect(statuses[200, default: 0] > 0 && statuses[422, default: 0] > 0)
            // Bodies that are not the API's JSON at all.
            for raw in ["", "{", "[]", "null", "{\"source\": 3}", "{\"source\": \"\\ud800\"}"] {
                try await client.execute(
                    uri: "/api/render", method: .post, body: ByteBuffer(string: raw)
                ) { response in
                    #expect(response.status == .badRequest, "\(raw)")
                }
            }
            // Still serving.
            try await client.execute(
                uri: "/api/eval", method: .post,
                body: APIRouteTests.body(["source": APIRouteTests.branch])
            ) { response in #expect(response.status == .ok) }
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
    }
}
