public import LedgerCore

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
    /// - Parameter encoding: how the file's text is encoded (`--encoding`; SPEC §3).
    /// - Throws: `CSVFileError` for a missing or unreadable file, a file not in `encoding`, a bad
    ///   header, a near-miss column name, or a missing required column.
    public init(path: String, encoding: CSVEncoding = .utf8) throws(CSVFileError) {
        file = try MappedCSVFile(path: path, encoding: encoding)
    }

    /// The file, as the caller spelled its path.
    public var path: String { file.path }
    /// Header columns that the row type does not know, to be reported once.
    public var unknownColumns: [String] { file.unknownColumns }
    /// Bytes read so far, for progress reports.
    public var bytesRead: Int { file.bytesRead }
    /// Original bytes consumed through the end of the last row returned, header (and byte-order
    /// mark) included; every byte of the file once `next()` returned `nil` (`CSVReader.consumedBytes`).
    public var consumedBytes: Int { file.consumedBytes }
    /// SHA-256 (32 bytes) of the original bytes [0, `consumedBytes`); cheap at any row boundary.
    public func consumedDigest() -> [UInt8] { file.consumedDigest() }
    /// Size of a regular file when opened; `nil` for a pipe or FIFO, which have none.
    public var fileSize: Int? { file.fileSize }

    /// The next row, or `nil` at end of file. A damaged or ragged record becomes a row with its
    /// problem set, so that it is rejected with its line number rather than stopping the file.
    ///
    /// - Throws: `CSVFileError.cannotRead` when reading fails.
    public func next() throws(CSVFileError) -> Row? {
        guard let record = try file.next() else { return nil }
        return Row(record: record, origin: RowOrigin(file: path, line: record.line))
    }
}
