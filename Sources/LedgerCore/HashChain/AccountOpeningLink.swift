/// An account's opening (a chain link): who it belongs to and the state it was opened with.
///
/// The opening balance is stated here and arrives through the opening entry that follows, so the
/// account's history alone explains its balance (as the writer does it). System accounts (opening
/// equity) are links too: entries name them.
public struct AccountOpeningLink: Hashable, Sendable {
    /// The account id the queries show (`wlt_…`, a points account's ULID, `sys_…`).
    public var accountID: String
    public var identity: ChainAccountIdentity
    public var isSystem: Bool
    public var applicationID: String
    /// The state the account was opened with (SPEC §3 accounts).
    public var openedStatus: String
    public var openedBalance: Int64
    public var openedFrozenBalance: Int64
    public var openedApplicationID: String
    public var openedTotalEarned: Int64
    public var openedTotalSpent: Int64
    public var openedExpiredPoints: Int64
    /// Where it was opened from (`accounts.csv:3`).
    public var openedFrom: String
    /// Milliseconds since the epoch (UTC).
    public var createdAt: Int64

    public init(
        accountID: String, identity: ChainAccountIdentity, isSystem: Bool, applicationID: String, openedStatus: String,
        openedBalance: Int64, openedFrozenBalance: Int64, openedApplicationID: String, openedTotalEarned: Int64,
        openedTotalSpent: Int64, openedExpiredPoints: Int64, openedFrom: String, createdAt: Int64
    ) {
        self.accountID = accountID
        self.identity = identity
        self.isSystem = isSystem
        self.applicationID = applicationID
        self.openedStatus = openedStatus
        self.openedBalance = openedBalance
        self.openedFrozenBalance = openedFrozenBalance
        self.openedApplicationID = openedApplicationID
        self.openedTotalEarned = openedTotalEarned
        self.openedTotalSpent = openedTotalSpent
        self.openedExpiredPoints = openedExpiredPoints
        self.openedFrom = openedFrom
        self.createdAt = createdAt
    }

    /// The state the account has right after this link, before its opening entry: empty balance,
    /// the opened status, frozen balance and counters, version 1, no posting yet.
    public var initialState: AccountState? {
        guard let status = AccountStatus(rawValue: openedStatus) else { return nil }
        return AccountState(status: status, balance: 0, frozenBalance: openedFrozenBalance, totalEarned: openedTotalEarned,
                            totalSpent: openedTotalSpent, expiredPoints: openedExpiredPoints)
    }

    func encode(into encoder: inout ChainLinkEncoder) {
        encoder.append(accountID)
        identity.encode(into: &encoder)
        encoder.append(isSystem)
        encoder.append(applicationID)
        encoder.append(openedStatus)
        encoder.append(openedBalance)
        encoder.append(openedFrozenBalance)
        encoder.append(openedApplicationID)
        encoder.append(openedTotalEarned)
        encoder.append(openedTotalSpent)
        encoder.append(openedExpiredPoints)
        encoder.append(openedFrom)
        encoder.append(createdAt)
    }
}

/// Who an account is, as a link names it: kind, asset and user id text (never a row id, which
/// differs between backends and says nothing to an auditor). The tenant is the chain's own.
public struct ChainAccountIdentity: Hashable, Sendable, CustomStringConvertible {
    /// `wallet` or `points`.
    public var kind: String
    /// Currency code or points type.
    public var asset: String
    public var userID: String

    public init(kind: String, asset: String, userID: String) {
        self.kind = kind
        self.asset = asset
        self.userID = userID
    }

    /// `usr_1's CNY wallet`.
    public var description: String { "\(userID)'s \(asset) \(kind == "wallet" ? "wallet" : "points account")" }

    func encode(into encoder: inout ChainLinkEncoder) {
        encoder.append(kind)
        encoder.append(asset)
        encoder.append(userID)
    }
}
