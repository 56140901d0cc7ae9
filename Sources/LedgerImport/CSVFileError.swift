/// A problem with an input file as a whole (SPEC §3): nothing is applied from such a file and the
/// run ends with exit code 2.
///
/// Problems with a single record never appear here; they travel with the record (`CSVRecord.problem`)
/// so that one bad row is rejected with its line number while the rest of the file is read.
/// Every case prints as one line naming the file — as the caller spelled its path — plus the line
/// and column where they apply, and what to do about it.
public enum CSVFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened; `reason` is the system's wording (e.g. "No such file or directory").
    case cannotOpen(path: String, reason: String)
    /// Reading failed part-way (e.g. the path is a directory, or an I/O error).
    case cannotRead(path: String, reason: String)
    /// The file starts with a UTF-16 or UTF-32 byte-order mark; `encoding` names which.
    case unsupportedEncoding(path: String, encoding: String)
    /// The file is empty or holds only blank lines.
    case noHeader(path: String)
    /// The header record itself is damaged (invalid UTF-8, a NUL byte, an unterminated quote).
    case unreadableHeader(path: String, line: Int, problem: String)
    /// A header column's name is empty after trimming; `column` is 1-based.
    case emptyColumnName(path: String, line: Int, column: Int)
    /// A header column's name still holds a control character (tab, line break, …) after trimming.
    case controlCharacterInColumnName(path: String, line: Int, column: Int, name: String)
    /// Two header columns have the same name, compared case-insensitively; columns are 1-based.
    case duplicateColumn(path: String, line: Int, name: String, firstColumn: Int, secondColumn: Int)
    /// The header lacks a column the file kind requires.
    case missingColumn(path: String, line: Int, name: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            "\(path): cannot open the file (\(reason)); check the path and its permissions"
        case let .cannotRead(path, reason):
            "\(path): reading the file failed (\(reason)); check that it is a readable regular file"
        case let .unsupportedEncoding(path, encoding):
            "\(path) is \(encoding); save it as UTF-8"
        case let .noHeader(path):
            "\(path) has no header row; its first non-blank line must name the columns"
        case let .unreadableHeader(path, line, problem):
            "\(path):\(line): the header row cannot be read (\(problem)); fix the header line"
        case let .emptyColumnName(path, line, column):
            "\(path):\(line): header column \(column) is empty; give every column a name"
        case let .controlCharacterInColumnName(path, line, column, name) where name.contains("\t"):
            "\(path):\(line): header column \(column) name \"\(Self.escaped(name))\" contains a tab; "
                + "only comma-separated files are read, and column names must be plain text"
        case let .controlCharacterInColumnName(path, line, column, name):
            "\(path):\(line): header column \(column) name \"\(Self.escaped(name))\" contains a line break "
                + "or other control character; column names must be plain text"
        case let .duplicateColumn(path, line, name, first, second):
            "\(path):\(line): column '\(name)' appears twice (columns \(first) and \(second)); keep one of them"
        case let .missingColumn(path, line, name):
            "\(path):\(line): missing required column '\(name)'; add it to the header"
        }
    }

    /// Keeps the message on one line whatever the offending name holds.
    private static func escaped(_ text: String) -> String {
        text.unicodeScalars.map { $0.escaped(asASCII: false) }.joined()
    }
}
