import GRDB
import LedgerCore
import LedgerStorage

/// What loading one accounts-file row did.
public enum SnapshotOutcome: Hashable, Sendable {
    /// A new account, opened with the row's state (and an opening entry when its balance is not zero).
    case opened(accountID: String)
    /// The account exists and was opened with exactly this state (in the fields the row states): nothing to do.
    case unchanged
    /// The account exists but was opened with a different state: one `snapshot_matches` break per field.
    case differs([SnapshotDifference], opened: AccountSnapshot)
    /// The row cannot be loaded (unknown tenant, contradictory counters): an `inputs_valid` break.
    case invalid(String)

    /// The breaks this outcome is for `snapshot` (the row as loaded): none for opened or unchanged.
    public func violations(for snapshot: AccountSnapshot) -> [CheckViolation] {
        switch self {
        case .opened, .unchanged:
            return []
        case .differs(let differences, _):
            return differences.map { $0.violation(for: snapshot) }
        case .invalid(let problem):
            return [CheckViolation(check: .inputsValid, tenantID: snapshot.tenantID, userID: snapshot.userID,
                                   asset: snapshot.asset, detail: "\(snapshot.origin): \(problem)")]
        }
    }
}

/// One field in which an accounts-file row differs from the state its account was opened with.
public struct SnapshotDifference: Hashable, Sendable, CustomStringConvertible {
    /// As the accounts file names it: `balance`, `frozen_balance`, `status`, `points_type`…
    public var field: String
    public var opened: String
    public var stated: String
    /// The amounts, when the field is one (minor units of the account's asset, or points).
    public var openedAmount: Int64?
    public var statedAmount: Int64?
    /// Where the account was opened from (`accounts.csv:3`).
    public var openedFrom: String

    /// `balance: opened with 100.00 (from accounts.csv:3), file says 120.00`.
    public var description: String {
        "\(field): opened with \(opened)" + (openedFrom.isEmpty ? "" : " (from \(openedFrom))") + ", file says \(stated)"
    }

    /// The `snapshot_matches` break (SPEC §5): expected = the file's value, actual = the state the
    /// account was opened with. Amounts go in expected/actual only for the balance; any other
    /// field is named, with both values, in the detail (and in `field`, for the break's id).
    func violation(for snapshot: AccountSnapshot) -> CheckViolation {
        let isBalance = field == "balance"
        return CheckViolation(
            check: .snapshotMatches, tenantID: snapshot.tenantID, userID: snapshot.userID, asset: snapshot.asset,
            expected: isBalance ? statedAmount : nil, actual: isBalance ? openedAmount : nil,
            field: isBalance ? nil : field, detail: "\(snapshot.origin): \(description)"
        )
    }
}

extension LedgerWriter {
    /// Loads account snapshots in one transaction: opens new accounts, compares existing ones
    /// with the state they were opened with, and never overwrites (SPEC §3 accounts).
    public func open(_ snapshots: [AccountSnapshot], in db: Database) throws -> [SnapshotOutcome] {
        try inBatchTransaction(db) {
            var touched = Set<Int>()
            let time = batchMillis ?? now()
            let outcomes = try snapshots.map { try open($0, at: time, touched: &touched, in: db) }
            try flush(touched, in: db, at: time)
            return outcomes
        }
    }

    /// The account a snapshot row means, when it exists: the user's one points account whatever
    /// its type; for a wallet row without a currency, the user's one wallet in the tenant (the
    /// tenant's currency when the user has none or several); else the wallet of the row's currency.
    func existingAccount(for snapshot: AccountSnapshot) -> Int? {
        switch snapshot.kind {
        case .points:
            return accountIndex.pointsAccount(tenantID: snapshot.tenantID, userID: snapshot.userID, in: accounts)
        case .wallet where !snapshot.stated.contains(.currency):
            let wallets = accountIndex.wallets(tenantID: snapshot.tenantID, userID: snapshot.userID, in: accounts)
            if wallets.count == 1 { return wallets[0] }
            fallthrough
        case .wallet:
            let key = AccountKey(tenantID: snapshot.tenantID, kind: .wallet, asset: snapshot.asset.code, userID: snapshot.userID)
            return accountIndex.index(of: key, in: accounts)
        }
    }

    private func open(_ snapshot: AccountSnapshot, at time: Int64, touched: inout Set<Int>, in db: Database) throws -> SnapshotOutcome {
        guard tenants[snapshot.tenantID] != nil else { return .invalid("unknown tenant '\(snapshot.tenantID)'") }
        if let existing = existingAccount(for: snapshot) {
            guard let (opened, openedFrom) = try openedSnapshot(of: existing, in: db) else {
                return .invalid("'\(snapshot.userID)' names a system account")
            }
            // A currency-less wallet row compares with the wallet it resolved to, in that wallet's digits.
            var row = snapshot
            if row.kind == .wallet, row.asset != opened.asset {
                guard let reread = snapshot.reading(as: opened.asset) else {
                    return .invalid("the row has no currency and means the user's \(opened.asset.code) wallet, "
                        + "but its amounts do not fit \(opened.asset.code)'s \(opened.asset.exponent) decimals; give the currency")
                }
                row = reread
            }
            let differences = opened.differences(from: row).map { opened, stated in
                SnapshotDifference(field: opened.name, opened: opened.text, stated: stated.text, openedAmount: opened.amount,
                                   statedAmount: stated.amount, openedFrom: openedFrom)
            }
            return differences.isEmpty ? .unchanged : .differs(differences, opened: opened)
        }
        let key = AccountKey(tenantID: snapshot.tenantID, kind: snapshot.kind, asset: snapshot.asset.code, userID: snapshot.userID)
        if let problem = snapshot.problem() { return .invalid(problem) }
        let systemKey = AccountKey(tenantID: snapshot.tenantID, kind: snapshot.kind, asset: snapshot.asset.code, userID: AccountKey.systemUserID)
        let systemIndex = try accountIndex.index(of: systemKey, in: accounts) ?? insertAccount(
            systemKey, applicationID: "", state: AccountState(), opened: nil, origin: "", at: time, in: db)
        // Equity stays above Int64.min so that its size (and every debit total) fits in Int64 too.
        let (equity, overflow) = accounts[systemIndex].state.balance.subtractingReportingOverflow(snapshot.balance)
        if overflow || equity == Int64.min {
            return .invalid("opening balance \(snapshot.asset.format(snapshot.balance)) overflows the tenant's opening equity")
        }
        // The account starts empty; its opening balance arrives through the opening entry, so that
        // its history alone explains its balance. Counters and status come straight from the row.
        // The row is inserted with its state after that entry, so it is written once.
        var state = AccountState(
            status: snapshot.status, balance: 0, frozenBalance: snapshot.frozenBalance, totalEarned: snapshot.totalEarned,
            totalSpent: snapshot.totalSpent, expiredPoints: snapshot.expiredPoints
        )
        let credit = snapshot.balance > 0 ? state.post(snapshot.balance) : nil
        // Its row is written once, already holding the opening credit in its posted total: the
        // opening entry below adds that credit to the cached total, so memory and row agree after it.
        let index = try insertAccount(key, applicationID: snapshot.applicationID, state: state, opened: snapshot,
                                      origin: snapshot.origin.description, storedCredits: credit == nil ? 0 : snapshot.balance,
                                      at: time, in: db)
        guard let credit else { return .opened(accountID: accounts[index].accountID) }
        let debit = accounts[systemIndex].state.post(-snapshot.balance)
        touched.insert(systemIndex)
        let draft = EntryDraft(
            type: .opening, tenantID: snapshot.tenantID, asset: snapshot.asset, amount: snapshot.balance,
            texts: TransferTexts.implied(entryType: "opening"), origin: snapshot.origin, createdAt: snapshot.openedAtMillis ?? time
        )
        try write(draft, debit: EntryLeg(accountIndex: systemIndex, change: debit), credit: EntryLeg(accountIndex: index, change: credit),
                  in: db)
        return .opened(accountID: accounts[index].accountID)
    }

    /// The state the cached account at `index` was opened with, and where from (`accounts.csv:3`),
    /// as its row stores them; nil for a system account. Read on demand, not cached: only a re-loaded
    /// accounts-file row needs it, and it would double what each cached account costs.
    func openedSnapshot(of index: Int, in db: Database) throws -> (snapshot: AccountSnapshot, origin: String)? {
        let account = accounts[index]
        guard !account.key.isSystem, let asset = Asset(kind: account.key.kind, code: account.key.asset) else { return nil }
        let select = try preparedStatements(db).selectOpened
        select.bind(1, account.rowID)
        defer { select.reset() }
        guard try select.step() else { preconditionFailure("a cached account has its row") }
        let snapshot = AccountSnapshot(
            tenantID: account.key.tenantID, userID: account.key.userID, asset: asset, applicationID: select.string(0),
            status: AccountStatus(rawValue: select.string(1)) ?? .closed, balance: select.int64(2), frozenBalance: select.int64(3),
            totalEarned: select.int64(4), totalSpent: select.int64(5), expiredPoints: select.int64(6)
        )
        return (snapshot, select.string(7))
    }

    /// Inserts an account row and adds it to the cache; returns its cache index.
    private func insertAccount(
        _ key: AccountKey, applicationID: String, state: AccountState, opened: AccountSnapshot?, origin: String,
        storedCredits: Int64 = 0, at time: Int64, in db: Database
    ) throws -> Int {
        let accountID: String
        switch (key.isSystem, key.kind) {
        case (true, _): accountID = newID(prefix: "sys_")
        case (false, .wallet): accountID = newID(prefix: "wlt_")
        case (false, .points): accountID = newID(prefix: "")
        }
        guard let tenantRowID = tenantRowIDs[Array(key.tenantID.utf8)] else {
            preconditionFailure("accounts are opened only in known tenants")
        }
        let statements = try preparedStatements(db)
        let insert = statements.insertAccount
        insert.bind(1, accountID)
        insert.bind(2, tenantRowID)
        for (offset, text) in [key.kind.rawValue, key.asset, key.userID].enumerated() { insert.bind(Int32(offset + 3), text) }
        insert.bind(6, key.isSystem ? 1 : 0)
        insert.bind(7, applicationID)
        insert.bind(8, opened?.balance ?? 0)
        insert.bind(9, opened?.frozenBalance ?? 0)
        insert.bind(10, (opened?.status ?? .active).rawValue)
        insert.bind(11, opened?.applicationID ?? "")
        insert.bind(12, opened?.totalEarned ?? 0)
        insert.bind(13, opened?.totalSpent ?? 0)
        insert.bind(14, opened?.expiredPoints ?? 0)
        insert.bind(15, origin)
        insert.bind(16, time)
        let link = accountChainLink(key, accountID: accountID, applicationID: applicationID, opened: opened, origin: origin, at: time,
                                    tenantRowID: tenantRowID)
        insert.bind(17, link.links)
        insert.bind(18, blob: link.hash.bytes)
        try insert.execute()
        let rowID = db.lastInsertedRowID
        let balance = statements.insertBalance
        balance.bind(1, rowID)
        balance.bind(2, state.status.rawValue)
        for (offset, value) in [state.balance, state.frozenBalance, state.totalEarned, state.totalSpent, state.expiredPoints,
                                state.version, state.lastSequence, time].enumerated() {
            balance.bind(Int32(offset + 3), value)
        }
        balance.bind(11, 0)
        balance.bind(12, storedCredits)
        try balance.execute()
        let account = CachedAccount(
            rowID: rowID, accountID: accountID, key: key, state: state, tenantRowID: tenantRowID
        )
        return cache(account)
    }
}
