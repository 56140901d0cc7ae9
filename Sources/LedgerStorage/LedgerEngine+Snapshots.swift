public import LedgerCore

extension LedgerEngine {
    /// Loads account snapshots in one transaction: opens new accounts, compares existing ones
    /// with the state they were opened with, and never overwrites (SPEC §3 accounts).
    public func open(_ snapshots: [AccountSnapshot]) throws -> [SnapshotOutcome] {
        try inBatchTransaction { touched in
            let time = batchMillis ?? now()
            return try snapshots.map { try open($0, at: time, touched: &touched) }
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

    private func open(_ snapshot: AccountSnapshot, at time: Int64, touched: inout TouchedAccounts) throws -> SnapshotOutcome {
        guard tenants[snapshot.tenantID] != nil else { return .invalid("unknown tenant '\(snapshot.tenantID)'") }
        if let existing = existingAccount(for: snapshot) {
            guard let (opened, openedFrom) = try openedSnapshot(of: existing) else {
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
            systemKey, applicationID: "", state: AccountState(), opened: nil, origin: "", at: time)
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
                                      at: time)
        guard let credit else { return .opened(accountID: accounts[index].accountID) }
        let debit = accounts[systemIndex].state.post(-snapshot.balance)
        touched.insert(systemIndex)
        let draft = EntryDraft(
            type: .opening, tenantID: snapshot.tenantID, asset: snapshot.asset, amount: snapshot.balance,
            texts: TransferTexts.implied(entryType: "opening"), origin: snapshot.origin, createdAt: snapshot.openedAtMillis ?? time
        )
        try write(draft, debit: EntryLeg(accountIndex: systemIndex, change: debit), credit: EntryLeg(accountIndex: index, change: credit))
        return .opened(accountID: accounts[index].accountID)
    }

    /// The state the cached account at `index` was opened with, and where from (`accounts.csv:3`),
    /// as the store keeps them; nil for a system account. Read on demand, not cached: only a re-loaded
    /// accounts-file row needs it, and it would double what each cached account costs.
    func openedSnapshot(of index: Int) throws -> (snapshot: AccountSnapshot, origin: String)? {
        let account = accounts[index]
        guard !account.key.isSystem, let asset = Asset(kind: account.key.kind, code: account.key.asset) else { return nil }
        let opened = try store.openedAccount(rowID: account.rowID)
        let snapshot = AccountSnapshot(
            tenantID: account.key.tenantID, userID: account.key.userID, asset: asset, applicationID: opened.applicationID,
            status: opened.status, balance: opened.balance, frozenBalance: opened.frozenBalance,
            totalEarned: opened.totalEarned, totalSpent: opened.totalSpent, expiredPoints: opened.expiredPoints
        )
        return (snapshot, opened.origin)
    }

    /// Inserts an account and adds it to the cache; returns its cache index.
    private func insertAccount(
        _ key: AccountKey, applicationID: String, state: AccountState, opened: AccountSnapshot?, origin: String,
        storedCredits: Int64 = 0, at time: Int64
    ) throws -> Int {
        let accountID: String
        switch (key.isSystem, key.kind) {
        case (true, _): accountID = newID(prefix: "sys_")
        case (false, .wallet): accountID = newID(prefix: "wlt_")
        case (false, .points): accountID = newID(prefix: "")
        }
        guard let tenantRowID = tenantRowIDs[OpaqueID(key.tenantID)] else {
            preconditionFailure("accounts are opened only in known tenants")
        }
        let link = accountChainLink(key, accountID: accountID, applicationID: applicationID, opened: opened, origin: origin, at: time,
                                    tenantRowID: tenantRowID)
        let rowID = try store.insertAccount(NewAccountRecord(
            accountID: accountID, tenantRowID: tenantRowID, key: key, applicationID: applicationID, opened: opened,
            origin: origin, createdAt: time, state: state, postedCredits: storedCredits, chainLink: link
        ))
        return cache(CachedAccount(rowID: rowID, accountID: accountID, key: key, state: state, tenantRowID: tenantRowID))
    }
}
