/// The column names of a CSV file, taken from its first record (SPEC §3).
///
/// Names are trimmed of surrounding white space and compared case-insensitively, so columns may
/// come in any order and any case. A name that is empty, repeated, or still holds a control
/// character after trimming (a tab or line break inside a quoted header cell) makes the whole file
/// unusable: such a column could never be matched reliably, and guessing is worse than stopping.
/// So does a header that is one column which `;`, tab or `|` would split: the file was saved with
/// another delimiter, and saying so beats "missing required column" for a column that is there.
public struct CSVHeader: Sendable {
    /// The file, as the caller spelled its path.
    public let path: String
    /// Physical line of the header record (after any leading blank lines).
    public let line: Int
    /// The names as written, trimmed, in file order.
    public let names: [String]
    private let indexByKey: [String: Int]

    /// Reads the first record of `reader` as the header.
    ///
    /// - Throws: `CSVFileError.noHeader` for an empty file or one holding only blank lines, and the
    ///   errors of `init(record:path:)`.
    public static func read(from reader: CSVReader) throws(CSVFileError) -> CSVHeader {
        guard let record = try reader.next() else {
            throw .noHeader(path: reader.path)
        }
        return try CSVHeader(record: record, path: reader.path)
    }

    /// - Throws: `CSVFileError.unreadableHeader` when the record has a problem,
    ///   `.emptyColumnName`, `.controlCharacterInColumnName` or `.duplicateColumn` for the first
    ///   offending column.
    public init(record: CSVRecord, path: String) throws(CSVFileError) {
        if let problem = record.problem {
            throw .unreadableHeader(path: path, line: record.line, problem: problem)
        }
        if record.fields.count == 1, let delimiter = Self.otherDelimiter(splitting: record.fields[0]) {
            throw .otherDelimiter(path: path, line: record.line, delimiter: delimiter)
        }
        var names: [String] = []
        var indexByKey: [String: Int] = [:]
        for (index, field) in record.fields.enumerated() {
            let name = field.trimmedForCSV()
            if name.isEmpty {
                throw .emptyColumnName(path: path, line: record.line, column: index + 1)
            }
            if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw .controlCharacterInColumnName(path: path, line: record.line, column: index + 1, name: name)
            }
            let key = Self.key(name)
            if let first = indexByKey[key] {
                throw .duplicateColumn(
                    path: path, line: record.line, name: names[first], firstColumn: first + 1, secondColumn: index + 1)
            }
            indexByKey[key] = index
            names.append(name)
        }
        self.path = path
        self.line = record.line
        self.names = names
        self.indexByKey = indexByKey
    }

    /// Number of columns; every record should have this many fields.
    public var count: Int { names.count }

    /// 0-based position of the column called `name` (trimmed, any case), or `nil` if absent.
    public func index(of name: String) -> Int? {
        indexByKey[Self.key(name)]
    }

    /// - Throws: `CSVFileError.missingColumn` naming the first of `names` the header lacks.
    public func require(_ names: [String]) throws(CSVFileError) {
        if let missing = names.first(where: { index(of: $0) == nil }) {
            throw .missingColumn(path: path, line: line, name: missing)
        }
    }

    /// The header's names, as written, that are not among `known`, in file order; the caller reports
    /// them once (SPEC §3: unknown columns are ignored).
    public func unknownColumns(known: [String]) -> [String] {
        let knownKeys = Set(known.map(Self.key))
        return names.filter { !knownKeys.contains(Self.key($0)) }
    }

    /// Why `record` cannot be used as a row of this file: its own problem, else a field count that
    /// differs from the header's; `nil` for a sound record.
    public func problem(for record: CSVRecord) -> String? {
        if let problem = record.problem {
            return problem
        }
        if record.fields.count != count {
            return "record has \(record.fields.count) fields, header has \(count)"
        }
        return nil
    }

    static func key(_ name: String) -> String {
        name.trimmedForCSV().lowercased()
    }
}
