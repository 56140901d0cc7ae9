/// A CSV file read row by row with its columns resolved by header name once, at open time — the
/// mechanism every typed reader (transfers, tenants, accounts, expected balances) shares.
///
/// Opening checks the header (see `CSVHeader`) and that every required column of `Column` is
/// present, so a file that cannot be imported fails before any of its rows is used.
public final class MappedCSVFile<Column: CSVColumn> {
    /// The header, with the names as written.
    public let header: CSVHeader
    /// Header names that `Column` does not know, in file order; they are ignored.
    public let unknownColumns: [String]
    private let reader: CSVReader
    /// Field position of each column, indexed by `Column.rawValue`; -1 where the header lacks it.
    private let fieldIndexes: [Int]

    /// - Throws: `CSVFileError` when the file cannot be read, is not in `encoding`, has no usable
    ///   header, has a near-miss column name, or lacks a required column.
    public convenience init(path: String, encoding: CSVEncoding = .utf8) throws(CSVFileError) {
        try self.init(reader: CSVReader(path: path, encoding: encoding))
    }

    /// Takes over a reader that has not yet returned any record.
    public init(reader: CSVReader) throws(CSVFileError) {
        let columns = Array(Column.allCases)
        precondition(
            columns.enumerated().allSatisfy { $0.offset == $0.element.rawValue },
            "\(Column.self) raw values must be 0, 1, 2, … in case order")
        let header = try CSVHeader.read(from: reader)
        // Before the required columns: a misspelt required column is better named than missed.
        try header.refuseNearMisses(known: columns.map(\.headerName))
        try header.require(columns.filter(\.isRequired).map(\.headerName))
        self.reader = reader
        self.header = header
        self.fieldIndexes = columns.map { header.index(of: $0.headerName) ?? -1 }
        self.unknownColumns = header.unknownColumns(known: columns.map(\.headerName))
    }

    /// The file, as the caller spelled its path.
    public var path: String { reader.path }
    /// Bytes read so far, for progress reports.
    public var bytesRead: Int { reader.bytesRead }
    /// Original bytes consumed through the end of the last record returned (`CSVReader.consumedBytes`).
    public var consumedBytes: Int { reader.consumedBytes }
    /// SHA-256 of the original bytes [0, `consumedBytes`) (`CSVReader.consumedDigest()`).
    public func consumedDigest() -> [UInt8] { reader.consumedDigest() }
    /// Size of a regular file when opened; `nil` for a pipe or FIFO.
    public var fileSize: Int? { reader.fileSize }

    /// The next row, or `nil` at end of file. A row whose record is damaged or ragged comes back
    /// with `problem` set rather than being skipped, so it can be rejected with its line number.
    ///
    /// - Throws: `CSVFileError.cannotRead` when reading fails.
    public func next() throws(CSVFileError) -> MappedCSVRecord<Column>? {
        guard let record = try reader.next() else { return nil }
        return MappedCSVRecord(
            fields: record.fields, line: record.line, problem: header.problem(for: record),
            fieldIndexes: fieldIndexes)
    }
}
