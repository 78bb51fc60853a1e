/// A plain text table with columns padded to their widest cell, counted in terminal cells so
/// that Chinese names keep the columns aligned; no trailing spaces.
public enum TextTable {
    public static func render(header: [String], rows: [[String]]) -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { cellWidth($0[column]) }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                text += cell
                if column < cells.count - 1 {
                    text += String(repeating: " ", count: widths[column] - cellWidth(cell) + 2)
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// The terminal cells `text` takes: East Asian wide characters take two.
    public static func cellWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + GradScript.cellWidth($1) }
    }
}
