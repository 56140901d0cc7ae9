public import LedgerCore

/// Reads an expected-balances file (SPEC §3 expected balances) as `ExpectedBalanceRow`s.
///
/// A `CSVRowReader` of `ExpectedBalanceRow`s.
public typealias ExpectedBalanceFileReader = CSVRowReader<ExpectedBalanceRow>

extension ExpectedBalanceRow: CSVRowMapping {
    /// The columns of an expected-balances file; the first four are required.
    public enum Column: Int, CSVColumn {
        case tenantID, userID, kind, balance
        case currency, frozenBalance

        public var headerName: String {
            switch self {
            case .tenantID: "tenant_id"
            case .userID: "user_id"
            case .kind: "kind"
            case .balance: "balance"
            case .currency: "currency"
            case .frozenBalance: "frozen_balance"
            }
        }

        public var isRequired: Bool {
            switch self {
            case .tenantID, .userID, .kind, .balance: true
            case .currency, .frozenBalance: false
            }
        }
    }

    public init(record: MappedCSVRecord<Column>, origin: RowOrigin) {
        self.init(
            tenantID: record[.tenantID], userID: record[.userID], kind: record[.kind], balance: record[.balance],
            currency: record[ifPresent: .currency], frozenBalance: record[ifPresent: .frozenBalance],
            origin: origin, recordProblem: record.problem)
    }
}
