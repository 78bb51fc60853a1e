/// Search and replace on UTF-8 bytes, for the numbers, labels, SVG and pages the tool writes:
/// comparing bytes finds exactly what comparing characters would (a UTF-8 sequence never
/// matches inside another character) at a small part of the cost of Foundation's or Regex's
/// Unicode-aware search, which cost more than Graphviz's layout (measured with `perf`).
public enum UTF8Editing {
    /// `text` with every `target` replaced by `replacement`.
    public static func replacing(_ target: String, with replacement: String, in text: String)
        -> String
    {
        let bytes = Array(text.utf8)[...]
        let pattern = Array(target.utf8)
        guard !pattern.isEmpty,
            var found = firstIndex(of: pattern, in: bytes, from: bytes.startIndex)
        else { return text }
        let substitute = Array(replacement.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var start = bytes.startIndex
        while true {
            out += bytes[start..<found]
            out += substitute
            start = found + pattern.count
            guard let next = firstIndex(of: pattern, in: bytes, from: start) else { break }
            found = next
        }
        out += bytes[start...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `bytes` holds `pattern` starting at `index`.
    public static func hasPrefix(_ pattern: [UInt8], in bytes: ArraySlice<UInt8>, at index: Int)
        -> Bool
    {
        guard index >= bytes.startIndex, index + pattern.count <= bytes.endIndex else {
            return false
        }
        for offset in pattern.indices where bytes[index + offset] != pattern[offset] {
            return false
        }
        return true
    }

    /// Where `pattern` first starts in `bytes` at or after `start`.
    public static func firstIndex(of pattern: [UInt8], in bytes: ArraySlice<UInt8>, from start: Int)
        -> Int?
    {
        guard let first = pattern.first else { return start }
        var index = start
        while index + pattern.count <= bytes.endIndex {
            if bytes[index] == first, hasPrefix(pattern, in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    /// The string with every `target` replaced by `replacement` (see `UTF8Editing`).
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        UTF8Editing.replacing(target, with: replacement, in: self)
    }
}
