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
    /// The file starts with a UTF-16 or UTF-32 byte-order mark (`encoding` names which) and was
    /// not asked to be read as such.
    case unsupportedEncoding(path: String, encoding: String)
    /// The file was to be read as UTF-8, but its first 64 KiB are not UTF-8 text: the first bad
    /// byte is on `line`, and `likely` is the encoding the bytes look like.
    case notUTF8(path: String, line: Int, likely: CSVEncoding)
    /// The system's iconv cannot convert from the encoding asked for.
    case cannotConvert(path: String, encoding: CSVEncoding)
    /// The header is one column that another delimiter (`;`, tab, `|`) would split into several.
    case otherDelimiter(path: String, line: Int, delimiter: Character)
    /// An unknown column whose name is a near miss of a known column the header lacks (SPEC §3):
    /// ignoring it could, for `idempotency_key`, apply a retried row twice. `column` is 1-based.
    case nearMissColumn(path: String, line: Int, column: Int, name: String, suggestion: String)
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
        case let .unsupportedEncoding(path, "UTF-16"):
            "\(path) is UTF-16 (it starts with a UTF-16 byte-order mark); run with --encoding utf-16, "
                + "or save it as UTF-8"
        case let .unsupportedEncoding(path, encoding):
            "\(path) is \(encoding); save it as UTF-8 (or as UTF-16 and run with --encoding utf-16)"
        case let .notUTF8(path, line, likely):
            "\(path):\(line): the file is not UTF-8 (it looks like \(Self.looksLike(likely))); "
                + "run with --encoding \(likely.rawValue), or save the file as UTF-8"
        case let .cannotConvert(path, encoding):
            "\(path): this system cannot convert \(encoding.displayName) text (iconv has no converter); "
                + "save the file as UTF-8"
        case let .otherDelimiter(path, line, delimiter):
            "\(path):\(line): the header is separated by \(Self.delimiterName(delimiter)), not commas; "
                + "save the file as comma-separated CSV"
        case let .nearMissColumn(path, line, column, name, suggestion):
            "\(path):\(line): unknown column '\(Self.escaped(name))' (column \(column)); did you mean '\(suggestion)'? "
                + "Rename it in the header: an unknown column is ignored"
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

    /// The encoding as people meet it, for the hint of `notUTF8`.
    private static func looksLike(_ encoding: CSVEncoding) -> String {
        switch encoding {
        case .gb18030: "GB18030/GBK, as Chinese Excel saves CSV"
        case .windows1252, .latin1: "Windows-1252, as Western European Excel saves CSV"
        case .utf16: "UTF-16 without a byte-order mark"
        case .utf8: "UTF-8"
        }
    }

    private static func delimiterName(_ delimiter: Character) -> String {
        switch delimiter {
        case ";": "semicolons (';')"
        case "\t": "tabs"
        case "|": "vertical bars ('|')"
        default: "'\(delimiter)'"
        }
    }

    /// Keeps the message on one line whatever the offending name holds.
    private static func escaped(_ text: String) -> String {
        text.unicodeScalars.map { $0.escaped(asASCII: false) }.joined()
    }
}
