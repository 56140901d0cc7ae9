public import LedgerCore

/// One expected-balances row as trimmed text (SPEC §3 expected balances): what an outside system
/// says a balance is after the run.
///
/// Optional columns are `nil` when the file has no such column and `""` when it is left empty, so
/// the comparison can skip what the outside system did not state.
public struct ExpectedBalanceRow: Hashable, Sendable {
    public var tenantID: String
    public var userID: String
    public var kind: String
    public var balance: String
    public var currency: String?
    public var frozenBalance: String?
    public var origin: RowOrigin
    /// A problem the CSV reader found in the record itself (ragged, invalid UTF-8, NUL,
    /// unterminated quote); such a row cannot be compared.
    public var recordProblem: String?

    public init(
        tenantID: String = "", userID: String = "", kind: String = "", balance: String = "",
        currency: String? = nil, frozenBalance: String? = nil,
        origin: RowOrigin = RowOrigin(file: "-", line: 0), recordProblem: String? = nil
    ) {
        self.tenantID = tenantID
        self.userID = userID
        self.kind = kind
        self.balance = balance
        self.currency = currency
        self.frozenBalance = frozenBalance
        self.origin = origin
        self.recordProblem = recordProblem
    }
}
