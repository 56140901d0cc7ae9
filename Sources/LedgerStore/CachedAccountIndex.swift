import LedgerCore

/// Finds the writer's cached accounts by key, and each user's accounts, in little memory per account.
///
/// An `AccountKey` holds four fields (56 bytes); as the key of a table over 200,000 accounts it
/// took 34 MB, and the per-user table another 20 MB. The few (tenant, kind, asset) groups and
/// tenants are numbered once here, so the large tables are keyed by a small number and the user
/// id only (24 bytes) and hold 32-bit cache indexes. Ids compare by their UTF-8 bytes, as
/// `AccountKey` does (`OpaqueID`).
struct CachedAccountIndex {
    /// An account by its group (tenant, kind, asset) number and user id.
    private var accounts: [GroupUser: Int32] = [:]
    /// Each user's accounts by tenant number and user id.
    private var users: [GroupUser: CachedUserAccounts] = [:]
    /// Group numbers by (tenant, kind, asset) with an empty user id.
    private var groups: [AccountKey: Int32] = [:]
    /// Tenant numbers by (tenant) with everything else empty.
    private var tenants: [AccountKey: Int32] = [:]

    /// Room for `count` accounts of about `count / 2` users without growing.
    init(capacity count: Int) {
        accounts = Dictionary(minimumCapacity: count)
        users = Dictionary(minimumCapacity: count / 2)
    }

    init() {}

    /// The cache index of the account with `key`, or nil.
    func index(of key: AccountKey) -> Int? {
        guard let group = groups[AccountIndexKeys.group(of: key)],
              let index = accounts[GroupUser(group: group, userID: key.userID)] else { return nil }
        return Int(index)
    }

    /// Where a user's accounts are in the cache, or nil when the user has none in the tenant.
    func user(tenantID: String, userID: String) -> CachedUserAccounts? {
        guard let tenant = tenants[AccountIndexKeys.tenant(tenantID)] else { return nil }
        return users[GroupUser(group: tenant, userID: userID)]
    }

    /// Records the account with `key` at cache index `index`.
    mutating func insert(_ key: AccountKey, at index: Int) {
        let groupKey = AccountIndexKeys.group(of: key)
        let group = groups[groupKey] ?? Int32(groups.count)
        groups[groupKey] = group
        accounts[GroupUser(group: group, userID: key.userID)] = Int32(index)
        guard !key.isSystem else { return }
        let tenantKey = AccountIndexKeys.tenant(key.tenantID)
        let tenant = tenants[tenantKey] ?? Int32(tenants.count)
        tenants[tenantKey] = tenant
        let user = GroupUser(group: tenant, userID: key.userID)
        switch key.kind {
        case .points: users[user, default: CachedUserAccounts()].points = Int32(index)
        case .wallet: users[user, default: CachedUserAccounts()].addWallet(Int32(index))
        }
    }

    /// A group or tenant number with a user id: the large tables' key.
    private struct GroupUser: Hashable {
        var group: Int32
        var userID: String

        static func == (lhs: GroupUser, rhs: GroupUser) -> Bool {
            lhs.group == rhs.group && OpaqueID.sameBytes(lhs.userID, rhs.userID)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(group)
            OpaqueID.hashBytes(userID, into: &hasher)
        }
    }
}

/// The small tables' keys: an `AccountKey` with the parts that do not name the group left empty.
private enum AccountIndexKeys {
    static func group(of key: AccountKey) -> AccountKey {
        AccountKey(tenantID: key.tenantID, kind: key.kind, asset: key.asset, userID: AccountKey.systemUserID)
    }

    static func tenant(_ tenantID: String) -> AccountKey {
        AccountKey(tenantID: tenantID, kind: .wallet, asset: "", userID: AccountKey.systemUserID)
    }
}

/// Where a user's accounts are in the writer's cache: exactly one points account per (tenant,
/// user), whatever the points type, and a wallet per currency (SPEC §2). The first wallet is held
/// inline: nearly every user has one, and an array each would be an allocation per user.
struct CachedUserAccounts {
    private var pointsIndex: Int32 = -1
    private var firstWallet: Int32 = -1
    private var otherWallets: [Int32] = []

    var points: Int32? {
        get { pointsIndex >= 0 ? pointsIndex : nil }
        set { pointsIndex = newValue ?? -1 }
    }

    /// Cache indexes of the user's wallets, in the order they were cached.
    var wallets: [Int] {
        firstWallet < 0 ? [] : [Int(firstWallet)] + otherWallets.map(Int.init)
    }

    var walletCount: Int { firstWallet < 0 ? 0 : 1 + otherWallets.count }

    mutating func addWallet(_ index: Int32) {
        if firstWallet < 0 { firstWallet = index } else { otherWallets.append(index) }
    }
}
