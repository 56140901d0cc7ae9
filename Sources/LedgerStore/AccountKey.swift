import LedgerCore

/// Identifies an account within the ledger: one wallet per (tenant, user, currency), one points
/// account per (tenant, user), one system account per (tenant, asset) with an empty user id.
public struct AccountKey: Hashable, Sendable, Comparable {
    public var tenantID: String
    public var kind: AccountKind
    public var asset: String
    public var userID: String

    public init(tenantID: String, kind: AccountKind, asset: String, userID: String) {
        self.tenantID = tenantID
        self.kind = kind
        self.asset = asset
        self.userID = userID
    }

    /// The user id system accounts carry; user ids are never empty (`invalid_request`).
    public static let systemUserID = ""

    public var isSystem: Bool { userID == AccountKey.systemUserID }

    public static func < (lhs: AccountKey, rhs: AccountKey) -> Bool {
        (lhs.tenantID, lhs.kind.rawValue, lhs.asset, lhs.userID) < (rhs.tenantID, rhs.kind.rawValue, rhs.asset, rhs.userID)
    }
}

/// An account as the writer holds it in memory during a run.
struct CachedAccount {
    let rowID: Int64
    let accountID: String
    let key: AccountKey
    var applicationID: String
    var state: AccountState
    /// The snapshot the account was opened with (nil for system accounts), compared on re-load.
    let opened: AccountSnapshot?
    let openedFrom: String
}
