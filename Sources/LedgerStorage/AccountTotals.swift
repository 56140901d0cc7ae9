public import LedgerCore

/// One account's stored state, with its stored posted totals: the raw material of
/// account_matches_postings, trial_balance and balances.csv. Read by `LedgerScan`, which checks
/// the stored totals against the account's start state plus the legs it scanned.
public struct AccountTotals: Sendable {
    public var rowID: Int64
    public var accountID: String
    public var key: AccountKey
    public var status: String
    public var applicationID: String
    /// The stored state (`account_balances` row).
    public var balance: Int64
    public var frozenBalance: Int64
    public var totalEarned: Int64
    public var totalSpent: Int64
    public var expiredPoints: Int64
    public var lastSequence: Int64
    /// `tenants.id` of the account's tenant.
    package var tenantRowID: Int64
    /// Sizes of every debit and credit leg ever posted, as stored with the account. 128-bit: a
    /// history of amounts near Int64.max adds up exactly, never wraps (SPEC §6).
    public var debits: Int128
    public var credits: Int128
    /// What the account's legs add up to (credit-normal): credits − debits.
    public var posted: Int128 { credits - debits }

    /// A violation about this account, its detail prefixed with which account it is.
    package func violation(_ check: CheckName, asset: Asset?, expected: Int128, actual: Int128, detail: String) -> CheckViolation {
        named(CheckViolation(check: check, tenantID: key.tenantID, asset: asset, expected: expected, actual: actual, detail: detail))
    }

    /// `violation`, found about this account without its ids at hand: with its tenant and user
    /// ids, and its detail prefixed with which account it is.
    package func named(_ violation: CheckViolation) -> CheckViolation {
        var named = violation
        named.tenantID = key.tenantID
        named.userID = key.userID
        named.detail = (key.isSystem ? "system account \(accountID): " : "account \(accountID): ") + violation.detail
        return named
    }

    package init(rowID: Int64, accountID: String, key: AccountKey, status: String, applicationID: String, balance: Int64, frozenBalance: Int64, totalEarned: Int64, totalSpent: Int64, expiredPoints: Int64, lastSequence: Int64, tenantRowID: Int64, debits: Int128, credits: Int128) {
        self.rowID = rowID
        self.accountID = accountID
        self.key = key
        self.status = status
        self.applicationID = applicationID
        self.balance = balance
        self.frozenBalance = frozenBalance
        self.totalEarned = totalEarned
        self.totalSpent = totalSpent
        self.expiredPoints = expiredPoints
        self.lastSequence = lastSequence
        self.tenantRowID = tenantRowID
        self.debits = debits
        self.credits = credits
    }
}
