import LedgerCore

/// A row type that can be read from a CSV file: its columns, and how a record becomes a row.
public protocol CSVRowMapping {
    associatedtype Column: CSVColumn
    /// The row for a record whose columns were resolved by header name. `origin` names the file
    /// (as the caller spelled it) and the line where the record starts.
    init(record: MappedCSVRecord<Column>, origin: RowOrigin)
}

/// Reads one kind of input file (transfers, tenants, accounts, expected balances) as typed rows,
/// one at a time; the four readers differ only in their `Row`.
public final class CSVRowReader<Row: CSVRowMapping> {
    private let file: MappedCSVFile<Row.Column>

    /// Opens the file and checks its header.
    ///
    /// - Throws: `CSVFileError` for a missing or unreadable file, a bad header, or a missing
    ///   required column.
    public init(path: String) throws(CSVFileError) {
        file = try MappedCSVFile(path: path)
    }

    /// The file, as the caller spelled its path.
    public var path: String { file.path }
    /// Header columns that the row type does not know, to be reported once.
    public var unknownColumns: [String] { file.unknownColumns }
    /// Bytes read so far, for progress reports.
    public var bytesRead: Int { file.bytesRead }
    /// Bytes through the end of the last row returned (see `CSVReader.consumedBytes`).
    public var consumedBytes: Int { file.consumedBytes }
    /// SHA-256 of those bytes.
    public func consumedDigest() -> [UInt8] { file.consumedDigest() }

    /// The next row, or `nil` at end of file. A damaged or ragged record becomes a row with its
    /// problem set, so that it is rejected with its line number rather than stopping the file.
    ///
    /// - Throws: `CSVFileError.cannotRead` when reading fails.
    public func next() throws(CSVFileError) -> Row? {
        guard let record = try file.next() else { return nil }
        return Row(record: record, origin: RowOrigin(file: path, line: record.line))
    }
}
