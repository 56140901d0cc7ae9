import LedgerCore

/// Reads a transfers file (SPEC §3 transfers) as `TransferRow`s, one at a time.
///
/// Every field is trimmed and otherwise left as text; `RequestValidator` decides what it means.
/// A damaged or ragged record becomes a row with `recordProblem` set, to be rejected as
/// `invalid_request` with its line number.
public final class TransferFileReader {
    /// The columns of a transfers file; the first five are required.
    public enum Column: Int, CSVColumn {
        case kind, tenantID, fromUserID, toUserID, amount
        case currency, idempotencyKey, description, reason, source, referenceID, requestedAt

        public var headerName: String {
            switch self {
            case .kind: "kind"
            case .tenantID: "tenant_id"
            case .fromUserID: "from_user_id"
            case .toUserID: "to_user_id"
            case .amount: "amount"
            case .currency: "currency"
            case .idempotencyKey: "idempotency_key"
            case .description: "description"
            case .reason: "reason"
            case .source: "source"
            case .referenceID: "reference_id"
            case .requestedAt: "requested_at"
            }
        }

        public var isRequired: Bool {
            switch self {
            case .kind, .tenantID, .fromUserID, .toUserID, .amount: true
            default: false
            }
        }
    }

    private let file: MappedCSVFile<Column>

    /// Opens the file and checks its header.
    ///
    /// - Throws: `CSVFileError` for a missing or unreadable file, a bad header, or a missing
    ///   required column.
    public init(path: String) throws(CSVFileError) {
        file = try MappedCSVFile(path: path)
    }

    /// The file, as the caller spelled its path; rows' `origin.file` is this.
    public var path: String { file.path }
    /// Header columns that are not transfer columns, to be reported once.
    public var unknownColumns: [String] { file.unknownColumns }
    /// Bytes read so far, for progress reports.
    public var bytesRead: Int { file.bytesRead }

    /// The next row, or `nil` at end of file. Absent optional columns read as empty.
    ///
    /// - Throws: `CSVFileError.cannotRead` when reading fails.
    public func next() throws(CSVFileError) -> TransferRow? {
        guard let record = try file.next() else { return nil }
        return TransferRow(
            kind: record[.kind], tenantID: record[.tenantID], fromUserID: record[.fromUserID],
            toUserID: record[.toUserID], amount: record[.amount], currency: record[.currency],
            idempotencyKey: record[.idempotencyKey], description: record[.description], reason: record[.reason],
            source: record[.source], referenceID: record[.referenceID], requestedAt: record[.requestedAt],
            origin: RowOrigin(file: path, line: record.line), recordProblem: record.problem)
    }
}
