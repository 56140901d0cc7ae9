public import LedgerCore

/// Reads a transfers file (SPEC §3 transfers) as `TransferRow`s, one at a time.
///
/// Every field is trimmed and otherwise left as text; `RequestValidator` decides what it means.
/// A damaged or ragged record becomes a row with `recordProblem` set, to be rejected as
/// `invalid_request` with its line number.
///
/// A `CSVRowReader` of `TransferRow`s.
public typealias TransferFileReader = CSVRowReader<TransferRow>

extension TransferRow: CSVRowMapping {
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

    public init(record: MappedCSVRecord<Column>, origin: RowOrigin) {
        self.init(
            kind: record[.kind], tenantID: record[.tenantID], fromUserID: record[.fromUserID],
            toUserID: record[.toUserID], amount: record[.amount], currency: record[.currency],
            idempotencyKey: record[.idempotencyKey], description: record[.description], reason: record[.reason],
            source: record[.source], referenceID: record[.referenceID], requestedAt: record[.requestedAt],
            origin: origin, recordProblem: record.problem)
    }
}
