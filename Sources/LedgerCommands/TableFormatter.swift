/// Plain-text tables for `--format table`: a header row and aligned columns, one row per record.
///
/// Widths count terminal columns: CJK and full-width characters take two, combining marks none,
/// so Chinese descriptions line up. Control characters in cells (a newline in a description, an
/// escape sequence) are shown as spaces, so a row stays one line and cannot drive the terminal.
struct TableFormatter {
    enum Alignment { case left, right }

    struct Column {
        var title: String
        var alignment: Alignment

        static func left(_ title: String) -> Column { Column(title: title, alignment: .left) }
        static func right(_ title: String) -> Column { Column(title: title, alignment: .right) }
    }

    let columns: [Column]
    private(set) var rows: [[String]] = []

    /// Spaces between columns.
    static let gap = 2

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ cells: [String]) {
        precondition(cells.count == columns.count, "a table row has one cell per column")
        rows.append(cells.map(TableFormatter.clean))
    }

    /// The table, each line ending in a newline, trailing spaces trimmed.
    func render() -> String {
        let lines = [columns.map(\.title)] + rows
        let widths = columns.indices.map { column in lines.map { TableFormatter.width($0[column]) }.max() ?? 0 }
        var text = ""
        for line in lines {
            var rendered = ""
            for (index, cell) in line.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - TableFormatter.width(cell))
                if index > 0 { rendered += String(repeating: " ", count: TableFormatter.gap) }
                rendered += columns[index].alignment == .left ? cell + padding : padding + cell
            }
            while rendered.last == " " { rendered.removeLast() }
            text += rendered + "\n"
        }
        return text
    }

    static func clean(_ cell: String) -> String {
        String(String.UnicodeScalarView(cell.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? " " : scalar
        }))
    }

    /// Terminal columns a text takes (East Asian wide and full-width characters count two).
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return total
            default: return total + (isWide(scalar.value) ? 2 : 1)
            }
        }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
