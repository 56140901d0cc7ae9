import GRDB
import LedgerCore
import LedgerStorage

/// Applies changes to the ledger for one run: tenants, opening snapshots and transfer batches.
///
/// Holds every account's state in memory for the run (memory grows with accounts, not rows), so
/// a batch needs no per-row account queries: accounts touched by a batch are written once when
/// the batch commits. Only one writer may work on a database at a time (the run lock).
public final class LedgerWriter {
    public let runID: String
    public private(set) var tenants = TenantDirectory()
    var accounts = ChunkedArray<CachedAccount>()
    /// Finds accounts by key, and each user's accounts: the one points account of a user
    /// whatever its type, and the wallet a currency-less snapshot row means.
    var accountIndex = CachedAccountIndex()
    /// Set by `releaseAccountCache`; the next batch re-reads the accounts first.
    var accountCacheReleased = false
    var ids = TransferULIDGenerator()
    /// The clock read once per batch: the records' times without `requested_at`, and every id
    /// the batch issues (`nextULID`).
    var batchMillis: Int64?
    let now: @Sendable () -> Int64
    var statements: WriterStatements?
    /// Each account's state at the night's start (when the writer was made, or the start of
    /// the run it resumes): what the run-scoped checks start from (SPEC §5 "Scope of the checks").
    public internal(set) var startStates = AccountStartStates()
    /// The highest transfer row id before this run (before the night, when it resumes one):
    /// transfers above it were created by this run.
    public internal(set) var transfersWatermark: Int64 = 0
    /// Each tenant's row id, by the id's bytes.
    var tenantRowIDs: [[UInt8]: Int64] = [:]
    /// This run's `runs.id` (the row is made with the first transfer, or by `recordRunStart`).
    var runRowID: Int64?
    /// The unfinished run this one finishes, and every run of that chain (SPEC §4).
    public internal(set) var resuming: UnfinishedRun?
    var resumeChainRuns: Set<String> = []
    /// Per file position, the `input_files` rows of the resume chain (read once per position).
    var resumeChainFilesByPosition: [Int: Set<Int64>] = [:]
    /// The `input_files` row of the transfers file being decided, by position in the run.
    var inputFileIDs: [Int: Int64] = [:]
    /// Checked before every batch commits: no foreign writer, and the run's own conditions.
    public let commitGate = BatchCommitGate()
    /// Every tenant's hash-chain head, and the links of the open batch (SPEC §7).
    var chain = ChainRecorder()

    /// Loads tenants and accounts.
    /// - Parameter now: the clock in UTC milliseconds; records without `requested_at` get its time.
    public init(_ db: Database, runID: String, now: @escaping @Sendable () -> Int64) throws {
        self.runID = runID
        self.now = now
        try reload(db)
        startStates = AccountStartStates(reservingUpTo: accounts.last?.rowID ?? 0)
        for account in accounts { startStates[account.rowID] = account.startState }
        transfersWatermark = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM transfers") ?? 0
    }

    /// Re-reads tenants and accounts, e.g. after a batch's transaction failed and rolled back.
    func reload(_ db: Database) throws {
        tenants = try TenantConfig.fetchAll(db)
        tenantRowIDs = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, tenant_id FROM tenants") {
            tenantRowIDs[Array((row[1] as String).utf8)] = row[0]
        }
        runRowID = try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE run_id = ?", arguments: [runID])
        chain = try ChainRecorder(db)
        // Sized once: growing the index by doubling kept two copies alive at 200,000 accounts.
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accounts") ?? 0
        accounts = ChunkedArray()
        accountIndex = CachedAccountIndex(capacity: count + count / 8)
        // Raw and by column number: 200,000 accounts through GRDB's named `Row` look-ups took about a second.
        let rows = try RawStatement(db, sql: """
            SELECT id, account_id, tenant_id, kind, asset, user_id, application_id, status, balance, frozen_balance,
                   total_earned, total_spent, expired_points, version, last_sequence, tenant, posted_debits, posted_credits
            FROM account_view ORDER BY id
            """)
        try rows.query { row in
            let kind = AccountKind(rawValue: row.string(3)) ?? .wallet
            let key = AccountKey(tenantID: row.string(2), kind: kind, asset: row.string(4), userID: row.string(5))
            let account = CachedAccount(
                rowID: row.int64(0), accountID: row.string(1), key: key,
                state: AccountState(
                    status: AccountStatus(rawValue: row.string(7)) ?? .closed, balance: row.int64(8), frozenBalance: row.int64(9),
                    totalEarned: row.int64(10), totalSpent: row.int64(11), expiredPoints: row.int64(12),
                    version: row.int64(13), lastSequence: row.int64(14)
                ),
                tenantRowID: row.int64(15), postedDebits: row.wide(16) ?? 0, postedCredits: row.wide(17) ?? 0
            )
            cache(account)
        }
        statements = nil
        accountCacheReleased = false
    }

    /// Adds an account to the cache and its indexes; returns its cache index.
    @discardableResult
    func cache(_ account: CachedAccount) -> Int {
        let index = accounts.count
        accounts.append(account)
        accountIndex.insert(index, in: accounts)
        return index
    }

    func preparedStatements(_ db: Database) throws -> WriterStatements {
        if let statements { return statements }
        let prepared = try WriterStatements(db)
        statements = prepared
        return prepared
    }

    /// Runs `body` as one transaction, or as a savepoint when a dry run holds an outer transaction.
    /// On failure the in-memory state is re-read, since the database rolled back.
    func inBatchTransaction<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        var result: T?
        if accountCacheReleased { try reload(db) }
        batchMillis = now()
        defer { batchMillis = nil }
        do {
            if db.isInsideTransaction {
                try db.inSavepoint { result = try commitGate.admit(db, body); return .commit }
            } else {
                try db.inTransaction(.immediate) { result = try commitGate.admit(db, body); return .commit }
            }
        } catch {
            try reload(db)
            throw error
        }
        guard let result else { preconditionFailure("a committed batch has a result") }
        return result
    }

    /// Writes the state of the given accounts (those a batch touched) in one statement each.
    func flush(_ touched: Set<Int>, in db: Database, at millis: Int64) throws {
        let update = try preparedStatements(db).updateAccount
        for index in touched.sorted() {
            let state = accounts[index].state
            update.bind(1, state.status.rawValue)
            update.bind(2, state.balance)
            update.bind(3, state.frozenBalance)
            update.bind(4, state.totalEarned)
            update.bind(5, state.totalSpent)
            update.bind(6, state.expiredPoints)
            update.bind(7, state.version)
            update.bind(8, state.lastSequence)
            update.bind(9, millis)
            update.bind(10, wide: accounts[index].postedDebits)
            update.bind(11, wide: accounts[index].postedCredits)
            update.bind(12, accounts[index].rowID)
            try update.execute()
        }
        try chain.writeHeads(db)
    }

    // MARK: Tenants

    /// Creates a tenant or changes what `update` states about it (SPEC §2 tenants): unstated
    /// settings keep their stored values (defaults only for a new tenant). Once the tenant has
    /// accounts, a change of its currency or points type is refused — account identity and every
    /// stored amount depend on them — and the stored setting stays, while the row's other settings
    /// apply.
    /// - Returns: one `inputs_valid` violation per refused change, naming the field, old and new value.
    @discardableResult
    public func upsert(_ update: TenantUpdate, in db: Database) throws -> [CheckViolation] {
        let stored = tenants[update.tenantID]
        var tenant = update.applied(to: stored)
        var refused: [CheckViolation] = []
        if let stored, try hasAccounts(tenantID: stored.tenantID, in: db) {
            if tenant.currency != stored.currency {
                refused.append(refusal(update, field: "currency", kept: stored.currency.code, stated: tenant.currency.code))
                tenant.currency = stored.currency
            }
            if !OpaqueID.sameBytes(tenant.pointsType, stored.pointsType) {
                refused.append(refusal(update, field: "points_type", kept: stored.pointsType, stated: tenant.pointsType))
                tenant.pointsType = stored.pointsType
            }
        }
        let tenantRowID: Int64? = tenantRowIDs[Array(tenant.tenantID.utf8)]
        try db.execute(
            sql: """
                INSERT INTO tenants (tenant_id, name, transfer_enabled, points_type, exchange_rate, currency, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, transfer_enabled = excluded.transfer_enabled,
                    points_type = excluded.points_type, exchange_rate = excluded.exchange_rate,
                    currency = excluded.currency, updated_at = excluded.updated_at
                """,
            arguments: [tenant.tenantID, tenant.name, tenant.transferEnabled, tenant.pointsType, tenant.exchangeRate,
                        tenant.currency.code, now()]
        )
        tenants[tenant.tenantID] = tenant
        if tenantRowID == nil {
            tenantRowIDs[Array(tenant.tenantID.utf8)] = try Int64.fetchOne(
                db, sql: "SELECT id FROM tenants WHERE tenant_id = ?", arguments: [tenant.tenantID])
        }
        if stored != tenant { try recordTenantChange(tenant, in: db) }
        return refused
    }

    /// Sets every setting of `tenant` (tests, and callers that hold a whole configuration).
    @discardableResult
    public func upsert(_ tenant: TenantConfig, in db: Database) throws -> [CheckViolation] {
        try upsert(TenantUpdate(stating: tenant), in: db)
    }

    /// True when any account (user or system) belongs to the tenant; compared by the id's bytes.
    private func hasAccounts(tenantID: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM account_view WHERE tenant_id = ?)", arguments: [tenantID]) ?? false
    }

    private func refusal(_ update: TenantUpdate, field: String, kept: String, stated: String) -> CheckViolation {
        CheckViolation(
            check: .inputsValid, tenantID: update.tenantID, field: field,
            detail: "\(update.origin): \(field): tenant '\(update.tenantID)' has accounts, so its \(field) stays '\(kept)'; "
                + "the file says '\(stated)' (a change of \(field) would need new accounts: create a new tenant instead)"
        )
    }

    // MARK: Reading the cache

    /// Frees the account cache once the run has applied everything and read what it needs: the
    /// checks and reports that follow read every account from the database, and holding both
    /// copies at once was the run's peak memory. A later batch (library use) re-reads the cache;
    /// `state(of:)` and `allAccounts()` must not be called after this.
    public func releaseAccountCache() {
        accounts = ChunkedArray()
        accountIndex = CachedAccountIndex()
        statements = nil
        accountCacheReleased = true
    }

    /// The current state of an account, or nil when the ledger has none.
    public func state(of key: AccountKey) -> AccountState? {
        precondition(!accountCacheReleased, "the account cache was released (releaseAccountCache)")
        return accountIndex.index(of: key, in: accounts).map { accounts[$0].state }
    }

    /// Every account's key, row id and current state, sorted by key.
    public func allAccounts() -> [(key: AccountKey, rowID: Int64, accountID: String, state: AccountState)] {
        precondition(!accountCacheReleased, "the account cache was released (releaseAccountCache)")
        return accounts.map { ($0.key, $0.rowID, $0.accountID, $0.state) }.sorted { $0.key < $1.key }
    }

    // MARK: Bulk imports

    /// Transaction records (postings) in the ledger now: two per transfer row (row ids are dense,
    /// so the highest is the count).
    public func postingCount(_ db: Database) throws -> Int64 {
        2 * (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM transfers") ?? 0)
    }

    /// Drops the history indexes for a bulk import: inserting a few million transfers into
    /// indexes keyed by account touches every page of them in every batch, while building them
    /// once afterwards is one sort each. Queries still work meanwhile, by scanning; a crash before
    /// `restoreHistoryIndex` is repaired when the database is next opened.
    public func suspendHistoryIndex(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX IF EXISTS transfers_debit_history; DROP INDEX IF EXISTS transfers_credit_history")
    }

    public func restoreHistoryIndex(_ db: Database) throws {
        try db.execute(sql: LedgerSchema.historyIndexesSQL)
    }

    /// This run's `runs.id`: made on first use when `recordRunStart` has not run (dry runs, whose
    /// transaction rolls it back with everything else, and library use).
    func runRowID(_ db: Database) throws -> Int64 {
        if let runRowID { return runRowID }
        try db.execute(sql: """
            INSERT INTO runs (run_id, command, pid, started_at, status) VALUES (?, '', 0, ?, 'running')
            ON CONFLICT (run_id) DO NOTHING
            """, arguments: [runID, now()])
        let id = try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE run_id = ?", arguments: [runID])
        guard let id else { preconditionFailure("the run's row exists") }
        runRowID = id
        return id
    }
}

/// The hot loop's statements, prepared once per writer.
final class WriterStatements {
    let probeKey: RawStatement
    let findKey: RawStatement
    let findLookAlike: RawStatement
    let insertRejectedRow: RawStatement
    let insertTransfer: RawStatement
    let insertTexts: RawStatement
    let updateAccount: RawStatement
    let insertAccount: RawStatement
    let insertBalance: RawStatement
    let selectOpened: RawStatement

    init(_ db: Database) throws {
        probeKey = try RawStatement(db, sql: "SELECT id FROM transfers WHERE tenant = ? AND idempotency_key = ?")
        findKey = try RawStatement(db, sql: """
            SELECT t.id, t.ulid, t.entry_type, t.fingerprint, t.input_file, t.line, r.run_id, d.user_id, c.user_id, c.kind, c.asset,
                   x.description, x.reason, x.source, x.reference_id, COALESCE(f.path, x.source_file, ''), l.transfer_id, t.amount
            FROM transfers t JOIN accounts d ON d.id = t.debit_account JOIN accounts c ON c.id = t.credit_account
            LEFT JOIN runs r ON r.id = t.run LEFT JOIN transfer_texts x ON x.transfer = t.id
            LEFT JOIN input_files f ON f.id = t.input_file LEFT JOIN transfer_legacy_ids l ON l.transfer = t.id
            WHERE t.id = ?
            """)
        findLookAlike = try RawStatement(db, sql: """
            SELECT t.ulid, COALESCE(f.path, x.source_file, ''), t.line, t.input_file, r.run_id, l.transfer_id FROM transfers t
            LEFT JOIN runs r ON r.id = t.run LEFT JOIN transfer_texts x ON x.transfer = t.id
            LEFT JOIN input_files f ON f.id = t.input_file LEFT JOIN transfer_legacy_ids l ON l.transfer = t.id
            WHERE t.tenant = ? AND t.fingerprint = ? AND \(LedgerSchema.keylessCondition)
                AND COALESCE(t.input_file, -1) NOT IN (?, ?, ?, ?)
            ORDER BY t.id LIMIT 8
            """)
        insertRejectedRow = try RawStatement(db, sql: """
            INSERT INTO rejected_rows (input_file, line, code, message, decided_by_run) VALUES (?, ?, ?, ?, ?)
            """)
        insertTransfer = try RawStatement(db, sql: """
            INSERT INTO transfers (tenant, entry_type, debit_account, credit_account, amount, debit_sequence,
                debit_balance_after, credit_sequence, credit_balance_after, created_at, ulid, idempotency_key, fingerprint,
                run, input_file, line, chain_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertTexts = try RawStatement(db, sql: """
            INSERT INTO transfer_texts (transfer, description, reason, source, reference_id, source_file) VALUES (?, ?, ?, ?, ?, ?)
            """)
        updateAccount = try RawStatement(db, sql: """
            UPDATE account_balances SET status = ?, balance = ?, frozen_balance = ?, total_earned = ?, total_spent = ?,
                expired_points = ?, version = ?, last_sequence = ?, updated_at = ?, posted_debits = ?, posted_credits = ?
            WHERE id = ?
            """)
        insertAccount = try RawStatement(db, sql: """
            INSERT INTO accounts (account_id, tenant, kind, asset, user_id, is_system, application_id,
                opened_balance, opened_frozen_balance, opened_status, opened_application_id, opened_total_earned,
                opened_total_spent, opened_expired_points, opened_from, created_at, chain_link, chain_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertBalance = try RawStatement(db, sql: """
            INSERT INTO account_balances (id, status, balance, frozen_balance, total_earned, total_spent, expired_points,
                version, last_sequence, updated_at, posted_debits, posted_credits)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        selectOpened = try RawStatement(db, sql: """
            SELECT opened_application_id, opened_status, opened_balance, opened_frozen_balance, opened_total_earned,
                   opened_total_spent, opened_expired_points, opened_from
            FROM accounts WHERE id = ?
            """)
    }
}
