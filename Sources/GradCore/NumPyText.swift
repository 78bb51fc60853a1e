import Foundation

/// Prints tensors the way NumPy's `str()` does: one shared number format per array, columns
/// aligned, nested brackets, and `...` around the edges of arrays over a thousand elements.
public enum NumPyText {
    /// Arrays with more elements than this are summarised, as NumPy's default threshold does.
    public static let threshold = 1000
    static let edgeItems = 3

    /// NumPy's text of `tensor`. A summarised array is formatted, as NumPy does, from the
    /// elements it shows alone: the others are never read, so a million-element tensor costs
    /// what its few dozen shown numbers cost.
    public static func format(_ tensor: Tensor) -> String {
        let summarise = tensor.count > threshold
        guard tensor.rank > 0 else {
            return NumberStyle(tensor.scalars.filter(\.isFinite)).format(tensor.scalar)
        }
        // NumPy prints every empty array as `[]`, whatever its shape: (788888, 0) would
        // otherwise be 788,888 pairs of brackets.
        guard tensor.count > 0 else { return "[]" }
        let shown = shownOffsets(shape: tensor.shape.dims, offset: 0, summarise: summarise)
        let values = shown.map { tensor.scalars[$0] }
        let style = NumberStyle(values.filter(\.isFinite))
        let texts = values.map(style.format)
        let width = texts.map(\.count).max() ?? 0
        var cells: [Int: String] = [:]
        for (offset, text) in zip(shown, texts) {
            cells[offset] = String(repeating: " ", count: width - text.count) + text
        }
        return block(cells, shape: tensor.shape.dims, offset: 0, depth: 0, summarise: summarise)
    }

    /// The indices an axis of `length` shows: all, or the first and last `edgeItems` around a
    /// nil for `...`.
    private static func indices(_ length: Int, summarise: Bool) -> [Int?] {
        summarise && length > 2 * edgeItems
            ? Array(0..<edgeItems) + [nil] + Array((length - edgeItems)..<length)
            : Array(0..<length)
    }

    /// The offsets of the elements the text shows, in order.
    private static func shownOffsets(shape: [Int], offset: Int, summarise: Bool) -> [Int] {
        guard let length = shape.first else { return [offset] }
        let stride = shape.dropFirst().reduce(1, *)
        return indices(length, summarise: summarise).compactMap { $0 }.flatMap {
            shownOffsets(
                shape: Array(shape.dropFirst()), offset: offset + $0 * stride, summarise: summarise)
        }
    }

    /// The bracketed text of the sub-array at `offset` with dimensions `shape`.
    private static func block(
        _ cells: [Int: String], shape: [Int], offset: Int, depth: Int, summarise: Bool
    ) -> String {
        let length = shape[0]
        let stride = shape.dropFirst().reduce(1, *)
        let indices = indices(length, summarise: summarise)
        if shape.count == 1 {
            return "["
                + indices.map { $0.map { cells[offset + $0] ?? "" } ?? "..." }.joined(
                    separator: " ")
                + "]"
        }
        // Rows on their own lines, and a blank line more between the blocks of each further axis.
        let separator =
            String(repeating: "\n", count: shape.count - 1)
            + String(repeating: " ", count: depth + 1)
        return "["
            + indices.map { index in
                guard let index else { return "..." }
                return block(
                    cells, shape: Array(shape.dropFirst()), offset: offset + index * stride,
                    depth: depth + 1, summarise: summarise)
            }.joined(separator: separator) + "]"
    }

    /// One format for all the numbers of an array: integers as `3.`, fixed point with as many
    /// decimals as the most precise element needs (at most 8), or scientific notation when the
    /// magnitudes call for it.
    struct NumberStyle {
        enum Kind {
            case integral
            case fixed(decimals: Int)
            case scientific
        }
        let kind: Kind

        init(_ finite: [Double]) {
            let magnitudes = finite.map(abs).filter { $0 != 0 }
            if let largest = magnitudes.max(), let smallest = magnitudes.min(),
                largest >= 1e8 || smallest < 1e-4 || largest / smallest > 1e3 && smallest < 1e-3
            {
                kind = .scientific
            } else if finite.allSatisfy({ $0 == $0.rounded() }) {
                kind = .integral
            } else {
                let decimals =
                    finite.map { value -> Int in
                        let text = String(format: "%.8f", value)
                        let fraction = text.split(separator: ".").last ?? ""
                        return fraction.count - fraction.reversed().prefix { $0 == "0" }.count
                    }.max() ?? 1
                kind = .fixed(decimals: max(decimals, 1))
            }
        }

        func format(_ value: Double) -> String {
            if value.isNaN { return "nan" }
            if value.isInfinite { return value > 0 ? "inf" : "-inf" }
            switch kind {
            case .integral: return String(format: "%.0f.", value)
            case .fixed(let decimals): return String(format: "%.\(decimals)f", value)
            case .scientific: return String(format: "%.8e", value)
            }
        }
    }
}
