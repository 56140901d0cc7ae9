package import LedgerCore

/// An account row to insert (`LedgerWriteStore.insertAccount`): its identity, the state it was
/// opened with (`opened`, nil for system accounts: stored as zeros, active) and its current state.
package struct NewAccountRecord: Sendable {
    /// `wlt_…`, `sys_…`, or a bare ULID for points accounts.
    package var accountID: String
    package var tenantRowID: Int64
    package var key: AccountKey
    package var applicationID: String
    package var opened: AccountSnapshot?
    /// Where it was opened from (`accounts.csv:3`), empty for system accounts.
    package var origin: String
    /// UTC milliseconds: created_at and updated_at.
    package var createdAt: Int64
    package var state: AccountState
    /// The posted credit total stored with the row (its opening credit, when it has one); debits start at 0.
    package var postedCredits: Int64
    /// The opening's link in its tenant's chain: position and hash (SPEC §7).
    package var chainLink: ChainHead

    package init(accountID: String, tenantRowID: Int64, key: AccountKey, applicationID: String, opened: AccountSnapshot?,
                 origin: String, createdAt: Int64, state: AccountState, postedCredits: Int64, chainLink: ChainHead) {
        self.accountID = accountID
        self.tenantRowID = tenantRowID
        self.key = key
        self.applicationID = applicationID
        self.opened = opened
        self.origin = origin
        self.createdAt = createdAt
        self.state = state
        self.postedCredits = postedCredits
        self.chainLink = chainLink
    }
}

/// The state an account was opened with, as stored (`opened_*`), and where from.
package struct OpenedAccountRecord: Sendable {
    package var applicationID: String
    package var status: AccountStatus
    package var balance: Int64
    package var frozenBalance: Int64
    package var totalEarned: Int64
    package var totalSpent: Int64
    package var expiredPoints: Int64
    /// `accounts.csv:3`.
    package var origin: String

    package init(applicationID: String, status: AccountStatus, balance: Int64, frozenBalance: Int64, totalEarned: Int64,
                 totalSpent: Int64, expiredPoints: Int64, origin: String) {
        self.applicationID = applicationID
        self.status = status
        self.balance = balance
        self.frozenBalance = frozenBalance
        self.totalEarned = totalEarned
        self.totalSpent = totalSpent
        self.expiredPoints = expiredPoints
        self.origin = origin
    }
}
