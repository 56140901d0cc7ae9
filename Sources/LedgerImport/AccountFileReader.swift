public import LedgerCore

/// Reads an accounts file (SPEC §3 accounts) as `AccountRow`s, one at a time.
///
/// A `CSVRowReader` of `AccountRow`s.
public typealias AccountFileReader = CSVRowReader<AccountRow>

extension AccountRow: CSVRowMapping {
    /// The columns of an accounts file; the first four are required.
    public enum Column: Int, CSVColumn {
        case tenantID, userID, kind, balance
        case currency, frozenBalance, status, applicationID, totalEarned, totalSpent, expiredPoints, openedAt

        public var headerName: String {
            switch self {
            case .tenantID: "tenant_id"
            case .userID: "user_id"
            case .kind: "kind"
            case .balance: "balance"
            case .currency: "currency"
            case .frozenBalance: "frozen_balance"
            case .status: "status"
            case .applicationID: "application_id"
            case .totalEarned: "total_earned"
            case .totalSpent: "total_spent"
            case .expiredPoints: "expired_points"
            case .openedAt: "opened_at"
            }
        }

        public var isRequired: Bool {
            switch self {
            case .tenantID, .userID, .kind, .balance: true
            default: false
            }
        }
    }

    public init(record: MappedCSVRecord<Column>, origin: RowOrigin) {
        self.init(
            tenantID: record[.tenantID], userID: record[.userID], kind: record[.kind], balance: record[.balance],
            currency: record[ifPresent: .currency], frozenBalance: record[ifPresent: .frozenBalance],
            status: record[ifPresent: .status], applicationID: record[ifPresent: .applicationID],
            totalEarned: record[ifPresent: .totalEarned], totalSpent: record[ifPresent: .totalSpent],
            expiredPoints: record[ifPresent: .expiredPoints], openedAt: record[ifPresent: .openedAt],
            origin: origin, recordProblem: record.problem)
    }
}
