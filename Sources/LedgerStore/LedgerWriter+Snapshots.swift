import GRDB
import LedgerCore

/// What loading one accounts-file row did.
public enum SnapshotOutcome: Hashable, Sendable {
    /// A new account, opened with the row's state (and an opening entry when its balance is not zero).
    case opened(accountID: String)
    /// The account exists and was opened with exactly this state: nothing to do.
    case unchanged
    /// The account exists but was opened with a different state: a `snapshot_matches` break.
    /// Each difference reads `balance: opened with 100.00 (from accounts.csv:3), file says 120.00`.
    case differs([String], opened: AccountSnapshot)
    /// The row cannot be loaded (unknown tenant, contradictory counters): an `inputs_valid` break.
    case invalid(String)
}

extension LedgerWriter {
    /// Loads account snapshots in one transaction: opens new accounts, compares existing ones
    /// with the state they were opened with, and never overwrites (SPEC §3 accounts).
    public func open(_ snapshots: [AccountSnapshot], in db: Database) throws -> [SnapshotOutcome] {
        try inBatchTransaction(db) {
            var touched = Set<Int>()
            let time = now()
            let outcomes = try snapshots.map { try open($0, at: time, touched: &touched, in: db) }
            try flush(touched, in: db, at: time)
            return outcomes
        }
    }

    private func open(_ snapshot: AccountSnapshot, at time: Int64, touched: inout Set<Int>, in db: Database) throws -> SnapshotOutcome {
        guard tenants[snapshot.tenantID] != nil else { return .invalid("unknown tenant '\(snapshot.tenantID)'") }
        let key = AccountKey(tenantID: snapshot.tenantID, kind: snapshot.kind, asset: snapshot.asset.code, userID: snapshot.userID)
        if let existing = accountIndex[key] {
            let account = accounts[existing]
            guard let opened = account.opened else { return .invalid("'\(snapshot.userID)' names a system account") }
            if opened.sameState(as: snapshot) { return .unchanged }
            let differences = zip(opened.comparableFields(), snapshot.comparableFields()).compactMap { opened, now in
                opened.value == now.value ? nil
                    : "\(opened.name): opened with \(opened.value) (from \(account.openedFrom)), file says \(now.value)"
            }
            return .differs(differences, opened: opened)
        }
        if let problem = snapshot.problem() { return .invalid(problem) }
        let systemKey = AccountKey(tenantID: snapshot.tenantID, kind: snapshot.kind, asset: snapshot.asset.code, userID: AccountKey.systemUserID)
        let systemIndex = try accountIndex[systemKey] ?? insertAccount(
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
        let index = try insertAccount(key, applicationID: snapshot.applicationID, state: state, opened: snapshot,
                                      origin: snapshot.origin.description, at: time, in: db)
        guard let credit else { return .opened(accountID: accounts[index].accountID) }
        let debit = accounts[systemIndex].state.post(-snapshot.balance)
        touched.insert(systemIndex)
        let draft = EntryDraft(
            transferID: newID(prefix: "opn_"), type: .opening, tenantID: snapshot.tenantID, asset: snapshot.asset,
            toUserID: snapshot.userID, amount: snapshot.balance, source: "opening_balance", origin: snapshot.origin,
            createdAt: time
        )
        try write(draft, debit: EntryLeg(accountIndex: systemIndex, recordType: .adjust, change: debit),
                  credit: EntryLeg(accountIndex: index, recordType: RecordType.openingType(for: snapshot.kind), change: credit),
                  in: db)
        return .opened(accountID: accounts[index].accountID)
    }

    /// Inserts an account row and adds it to the cache; returns its cache index.
    private func insertAccount(
        _ key: AccountKey, applicationID: String, state: AccountState, opened: AccountSnapshot?, origin: String,
        at time: Int64, in db: Database
    ) throws -> Int {
        let accountID: String
        switch (key.isSystem, key.kind) {
        case (true, _): accountID = newID(prefix: "sys_")
        case (false, .wallet): accountID = newID(prefix: "wlt_")
        case (false, .points): accountID = newID(prefix: "")
        }
        let statements = try preparedStatements(db)
        let insert = statements.insertAccount
        let texts = [accountID, key.tenantID, key.kind.rawValue, key.asset, key.userID]
        for (offset, text) in texts.enumerated() { insert.bind(Int32(offset + 1), text) }
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
        try insert.execute()
        let rowID = db.lastInsertedRowID
        let balance = statements.insertBalance
        balance.bind(1, rowID)
        balance.bind(2, state.status.rawValue)
        for (offset, value) in [state.balance, state.frozenBalance, state.totalEarned, state.totalSpent, state.expiredPoints,
                                state.version, state.lastSequence, time].enumerated() {
            balance.bind(Int32(offset + 3), value)
        }
        try balance.execute()
        let account = CachedAccount(
            rowID: rowID, accountID: accountID, key: key, applicationID: applicationID, state: state,
            opened: opened, openedFrom: origin
        )
        accountIndex[key] = accounts.count
        accounts.append(account)
        balancesAtStart[account.rowID] = balancesAtStart[account.rowID] ?? 0
        return accounts.count - 1
    }
}
