import Foundation

/// A request's `options` object as the command line's arguments: `{"explain": true, "show":
/// "both", "maxElements": 16, "collapse": ["h", "y"]}` → `--explain --show both --max-elements
/// 16 --collapse h,y`. The tool's own parser then checks them as it checks a command line (an
/// unknown option is named in a 400); what could reach outside the request is refused here.
public enum RequestOptions {
    /// Options the server sets itself, or that are not the playground's business.
    static let refused: Set<String> = ["output", "o", "format", "help", "h", "version"]

    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The arguments for `options`, keys in sorted order so that a request gives one command
    /// line; throws a `Refusal` that names the option.
    public static func arguments(from options: [String: JSONValue]) throws(Refusal) -> [String] {
        var arguments: [String] = []
        for key in options.keys.sorted() {
            let name = try optionName(key)
            switch options[key]! {
            case .null, .bool(false): continue
            case .bool(true): arguments.append("--" + name)
            case .number(let number):
                arguments += ["--" + name, numberText(number)]
            case .string(let text):
                try checkValue(text, of: key)
                arguments += ["--" + name, text]
            case .array(let items):
                var parts: [String] = []
                for item in items {
                    switch item {
                    case .string(let text):
                        try checkValue(text, of: key)
                        parts.append(text)
                    case .number(let number): parts.append(numberText(number))
                    default:
                        throw Refusal(description: "option '\(key)': a list holds names or numbers")
                    }
                }
                guard !parts.isEmpty else { continue }
                arguments += ["--" + name, parts.joined(separator: ",")]
            case .bool, .object:
                throw Refusal(
                    description: "option '\(key)': give true, a number, a string or a list")
            }
        }
        return arguments
    }

    /// `maxElements` or `max-elements` → `max-elements`; anything else is refused.
    static func optionName(_ key: String) throws(Refusal) -> String {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first),
            key.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || $0 == "-"
            }), key.count <= 40
        else {
            throw Refusal(description: "unknown option '\(key.prefix(40))'")
        }
        var name = ""
        for character in key {
            if character.isUppercase {
                name += "-" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        guard !refused.contains(name) else {
            throw Refusal(description: "option '\(key)' is not one a request may set")
        }
        return name
    }

    /// A value never reads as another option, and holds one line.
    static func checkValue(_ text: String, of key: String) throws(Refusal) {
        if text.hasPrefix("-"), Double(text) == nil {
            throw Refusal(description: "option '\(key)': a value may not start with '-'")
        }
        if text.contains(where: { $0.isNewline || $0 == "\0" }) || text.utf8.count > 1000 {
            throw Refusal(description: "option '\(key)': a value is one short line")
        }
    }

    static func numberText(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

/// JSON as it comes: the options object's values.
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
