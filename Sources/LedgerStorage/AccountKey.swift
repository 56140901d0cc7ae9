public import LedgerCore

/// Identifies an account within the ledger: one wallet per (tenant, user, currency), one points
/// account per (tenant, user), one system account per (tenant, asset) with an empty user id.
///
/// Equality, hashing and order are those of the ids' UTF-8 bytes (`OpaqueID`), as in the
/// database: `josé` composed and `jose`+U+0301 are two users, `t_café` in either form two tenants.
/// Sorted in SQLite's BINARY order, so in-memory order and `ORDER BY` agree.
public struct AccountKey: Hashable, Sendable, Comparable {
    public var tenantID: String
    public var asset: String
    public var userID: String
    /// Last: its one byte then pads the key to 56 bytes, not 64 (the writer caches a key per account).
    public var kind: AccountKind

    public init(tenantID: String, kind: AccountKind, asset: String, userID: String) {
        self.tenantID = tenantID
        self.kind = kind
        self.asset = asset
        self.userID = userID
    }

    /// The user id system accounts carry; user ids are never empty (`invalid_request`).
    public static let systemUserID = ""

    public var isSystem: Bool { userID == AccountKey.systemUserID }

    public static func == (lhs: AccountKey, rhs: AccountKey) -> Bool {
        lhs.kind == rhs.kind && OpaqueID.sameBytes(lhs.userID, rhs.userID) && OpaqueID.sameBytes(lhs.tenantID, rhs.tenantID)
            && OpaqueID.sameBytes(lhs.asset, rhs.asset)
    }

    public func hash(into hasher: inout Hasher) {
        OpaqueID.hashBytes(tenantID, into: &hasher)
        hasher.combine(kind)
        OpaqueID.hashBytes(asset, into: &hasher)
        OpaqueID.hashBytes(userID, into: &hasher)
    }

    public static func < (lhs: AccountKey, rhs: AccountKey) -> Bool {
        OpaqueID.bytesPrecede([lhs.tenantID, lhs.kind.rawValue, lhs.asset, lhs.userID],
                              [rhs.tenantID, rhs.kind.rawValue, rhs.asset, rhs.userID])
    }
}

/// An account as the writer holds it in memory during a run: only what the hot path reads. The
/// state it was opened with (the `opened_*` columns) stays in the database and is read only when
/// an accounts-file row names an existing account (`LedgerEngine.openedSnapshot`): kept here it
/// cost about 200 bytes per account for a comparison most runs never make.
package struct CachedAccount {
    // Stored in this order so that the entry takes 192 bytes with no padding between fields (the
    // 16-byte totals first): the cache holds one per account.
    /// Sizes of all the account's debit and credit legs ever posted (stored with the account, in
    /// 128 bits: they pass Int64 over years).
    package var postedDebits: Int128 = 0
    package var postedCredits: Int128 = 0
    package let rowID: Int64
    /// `tenants.id` of the account's tenant.
    package let tenantRowID: Int64
    package var state: AccountState
    package let key: AccountKey
    private let packedAccountID: CachedAccountID

    package var accountID: String { packedAccountID.text }

    package var startState: AccountStartState {
        AccountStartState(balance: state.balance, lastSequence: state.lastSequence, postedDebits: postedDebits,
                          postedCredits: postedCredits)
    }

    package init(rowID: Int64, accountID: String, key: AccountKey, state: AccountState, tenantRowID: Int64, postedDebits: Int128 = 0, postedCredits: Int128 = 0) {
        self.rowID = rowID
        self.packedAccountID = CachedAccountID(accountID)
        self.key = key
        self.state = state
        self.tenantRowID = tenantRowID
        self.postedDebits = postedDebits
        self.postedCredits = postedCredits
    }
}
