public import LedgerCore

/// One accounts-file (snapshot / opening balances) row as trimmed text (SPEC §3 accounts).
///
/// Optional columns are `nil` when the file has no such column and `""` when it is left empty, so
/// the loader can tell "not stated" from "stated as empty" when it compares a row with the state
/// an existing account was opened with.
public struct AccountRow: Hashable, Sendable {
    public var tenantID: String
    public var userID: String
    /// As written: `wallet` or `points` are what the loader will accept.
    public var kind: String
    public var balance: String
    public var currency: String?
    public var frozenBalance: String?
    public var status: String?
    public var applicationID: String?
    public var totalEarned: String?
    public var totalSpent: String?
    public var expiredPoints: String?
    /// RFC 3339: when the account was opened (a historical import's opening record is dated then).
    public var openedAt: String?
    public var origin: RowOrigin
    /// A problem the CSV reader found in the record itself (ragged, invalid UTF-8, NUL,
    /// unterminated quote); such a row cannot be loaded.
    public var recordProblem: String?

    public init(
        tenantID: String = "", userID: String = "", kind: String = "", balance: String = "",
        currency: String? = nil, frozenBalance: String? = nil, status: String? = nil,
        applicationID: String? = nil, totalEarned: String? = nil, totalSpent: String? = nil,
        expiredPoints: String? = nil, openedAt: String? = nil, origin: RowOrigin = RowOrigin(file: "-", line: 0),
        recordProblem: String? = nil
    ) {
        self.tenantID = tenantID
        self.userID = userID
        self.kind = kind
        self.balance = balance
        self.currency = currency
        self.frozenBalance = frozenBalance
        self.status = status
        self.applicationID = applicationID
        self.totalEarned = totalEarned
        self.totalSpent = totalSpent
        self.expiredPoints = expiredPoints
        self.openedAt = openedAt
        self.origin = origin
        self.recordProblem = recordProblem
    }
}
