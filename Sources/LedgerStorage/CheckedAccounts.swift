public import LedgerCore

/// What the ledger checks compare for every account after the accounts are read, one flat array
/// per field in account order (`LedgerSnapshot.forEachAccountTotal`), and no per-account string.
///
/// Each account's ids (tenant, user, account id, asset) were held as Strings in an
/// `[AccountTotals]` of every account, about 250 bytes each: the checks phase's largest
/// allocation. Here an account takes about 60 bytes; its tenant, kind and asset are its group's
/// (`Group`, a handful per tenant), and the rare violation that names an account gets its user and
/// account id from one more pass over the accounts (`LedgerChecks`).
struct CheckedAccounts {
    /// A (tenant, kind, asset) of the ledger: comparing the two legs of an entry is comparing
    /// two integers.
    struct Group {
        /// `tenants.id`.
        let tenantRowID: Int64
        let tenantID: String
        let kind: AccountKind
        let assetCode: String
        /// nil for an asset code the ledger cannot interpret (a hand-edited file).
        let asset: Asset?
    }

    private(set) var groups: [Group] = []
    private(set) var rowIDs: [Int64] = []
    private(set) var groupOfAccount: [Int32] = []
    private(set) var isSystemAccount: [Bool] = []
    /// The stored state the checks compare with the postings (`AccountTotals`).
    private(set) var balances: [Int64] = []
    private(set) var lastSequences: [Int64] = []
    private(set) var postedDebits: [Int128] = []
    private(set) var postedCredits: [Int128] = []
    private(set) var rows = AccountRowIndex()
    /// Groups by key (user id empty), while the accounts are read. Byte-wise (`AccountKey`): an
    /// account of tenant `t_café` composed never shares a group with one of `t_cafe`+U+0301.
    private var groupByKey: [AccountKey: Int32] = [:]

    var count: Int { rowIDs.count }

    /// Adds the next account in account order.
    mutating func append(_ account: AccountTotals) {
        let key = AccountKey(tenantID: account.key.tenantID, kind: account.key.kind, asset: account.key.asset,
                             userID: AccountKey.systemUserID)
        let group: Int32
        if let known = groupByKey[key] {
            group = known
        } else {
            group = Int32(groups.count)
            groupByKey[key] = group
            groups.append(Group(tenantRowID: account.tenantRowID, tenantID: account.key.tenantID, kind: account.key.kind,
                                assetCode: account.key.asset, asset: Asset(kind: account.key.kind, code: account.key.asset)))
        }
        rowIDs.append(account.rowID)
        groupOfAccount.append(group)
        isSystemAccount.append(account.key.isSystem)
        balances.append(account.balance)
        lastSequences.append(account.lastSequence)
        postedDebits.append(account.debits)
        postedCredits.append(account.credits)
    }

    /// Indexes the accounts by row id, once every account is appended.
    mutating func finish() {
        rows = AccountRowIndex(rowIDs)
        groupByKey = [:]
    }

    /// The position of the account with `rowID`, or nil when the ledger has none.
    func index(ofRowID rowID: Int64) -> Int? { rows.position(ofRowID: rowID) }

    func group(of index: Int) -> Group { groups[Int(groupOfAccount[index])] }

    /// `tenants.id` of the account at `index`.
    func tenantRowID(of index: Int) -> Int64 { groups[Int(groupOfAccount[index])].tenantRowID }
}
