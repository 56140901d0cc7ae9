/// The mutable state of one account: what its postings have made of it (SPEC §2).
///
/// User accounts are credit-normal liabilities: a credit (positive change) raises the balance.
/// Every change goes through `post`, which numbers it and enforces after = before + change.
public struct AccountState: Hashable, Sendable {
    public var status: AccountStatus
    public var balance: Int64
    public var frozenBalance: Int64
    public var totalEarned: Int64
    public var totalSpent: Int64
    public var expiredPoints: Int64
    /// Bumped on every change (`dto.PointAccountResponse.version`).
    public var version: Int64
    /// Sequence number of the account's last posting; the next one gets `lastSequence + 1`.
    public var lastSequence: Int64

    public init(
        status: AccountStatus = .active, balance: Int64 = 0, frozenBalance: Int64 = 0,
        totalEarned: Int64 = 0, totalSpent: Int64 = 0, expiredPoints: Int64 = 0,
        version: Int64 = 1, lastSequence: Int64 = 0
    ) {
        self.status = status
        self.balance = balance
        self.frozenBalance = frozenBalance
        self.totalEarned = totalEarned
        self.totalSpent = totalSpent
        self.expiredPoints = expiredPoints
        self.version = version
        self.lastSequence = lastSequence
    }

    /// balance − frozen_balance: what a transfer may take. Never traps: a state whose difference
    /// does not fit (only a hand-edited ledger has one) has nothing available.
    public var available: Int64 {
        let (value, overflow) = balance.subtractingReportingOverflow(frozenBalance)
        return overflow ? 0 : value
    }

    /// One posting's place in the account's history.
    public struct PostedChange: Hashable, Sendable {
        public let sequence: Int64
        public let balanceBefore: Int64
        public let balanceAfter: Int64
    }

    /// Posts a signed change (credit > 0, debit < 0). The caller has ruled out overflow; an
    /// overflow here is a bug in our own code, so it stops the process rather than corrupt a balance.
    public mutating func post(_ change: Int64) -> PostedChange {
        precondition(change != 0, "a posting moves a non-zero amount")
        let (after, overflow) = balance.addingReportingOverflow(change)
        precondition(!overflow, "balance overflow must be rejected before posting")
        let posted = PostedChange(sequence: lastSequence + 1, balanceBefore: balance, balanceAfter: after)
        precondition(posted.balanceAfter == posted.balanceBefore + change)
        balance = after
        lastSequence = posted.sequence
        version += 1
        return posted
    }
}
