import GRDB
package import LedgerCore
public import LedgerStorage

/// The SQLite backend of the write protocol (`LedgerWriteStore`): `LedgerEngine` decides, this
/// stores, on the ledger's one connection (`LedgerStore.queue`).
///
/// Each call runs on the queue's connection; calls made inside a batch (or the dry run's outer
/// transaction) reuse the connection the batch holds, so they see its uncommitted rows. The hot
/// loop's statements are prepared once (`WriterStatements`) and driven through `RawStatement`.
/// A transfers batch may leave its last writes and its commit to the insert thread, beside the
/// next batch (`inDeferredBatchTransaction`, SQLiteWriteStore+DeferredCommit.swift).
public final class SQLiteWriteStore: LedgerWriteStore {
    public let ledger: LedgerStore
    /// The connection of the batch (or dry run) in progress, for the calls made inside it.
    var activeDatabase: Database?
    var statements: WriterStatements?
    /// Before every batch commits: nobody else wrote the file since this store's previous batch.
    let commitGate = BatchCommitGate()
    /// Inserts the open batch's transfers and new accounts beside the engine; made on first use.
    var batchInserter: SerialWorker?
    /// True while a batch's body runs: only then are rows inserted by the inserter.
    var batchOpen = false
    /// The row id the next new account gets (`insertAccount`); nil until read from the file.
    var nextAccountRowID: Int64?
    /// New accounts (with their row ids) not yet handed to the inserter.
    var pendingAccounts: [(NewAccountRecord, Int64)] = []
    /// Copies committed batches from the write-ahead log into the file beside the writer; made at
    /// the first batch (nil when its connection could not be opened: SQLite then checkpoints in
    /// the commits, as it does by default).
    var checkpointer: WALCheckpointer?
    private var checkpointerTried = false
    /// The checkpointer's thresholds (tests make them small).
    var checkpointThresholds = WALCheckpointer.Thresholds()
    /// Deferred commits (`inDeferredBatchTransaction`): the decided batch whose last writes and
    /// commit wait for the next batch's key probes.
    var waitingBatch: WaitingBatch?
    /// The writes of the deferred batch whose body is running, held for its commit.
    var heldWrites = HeldWrites()
    /// True while a deferred batch's body runs: its last writes are held, and any other use of
    /// the connection first queues the waiting batch's commit and this batch's BEGIN.
    var deferringBody = false
    /// Between `beginDryRun` and `rollBackDryRun`.
    var dryRunOpen = false
    /// GRDB's commit hook was replaced (`neutralizeCommitHook`), before the first deferred batch.
    var commitHookNeutralized = false

    public init(_ ledger: LedgerStore) {
        self.ledger = ledger
    }

    deinit {
        batchInserter?.stop()
        checkpointer?.stop()
    }

    /// Runs `body` on the connection: the active batch's, else the queue's. Waits first for the
    /// batch's queued inserts (and fails with theirs), so that nothing else ever runs on the
    /// connection beside them and every read sees the batch's rows.
    func withDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        // A waiting deferred batch commits first: nothing reads or writes around it.
        if deferringBody { try queueWaitingBatch() } else { try finishDeferredBatch() }
        try drainInserts()
        if let activeDatabase { return try body(activeDatabase) }
        return try ledger.queue.inDatabase { db in
            activeDatabase = db
            defer { activeDatabase = nil }
            return try body(db)
        }
    }

    /// Hands the accounts still waiting to the inserter, then waits for every queued insert.
    /// - Throws: a queued insert's error.
    func drainInserts() throws {
        if let activeDatabase { try queuePendingAccounts(activeDatabase) }
        try batchInserter?.drain()
    }

    /// The batch's inserter, started on first use.
    var inserter: SerialWorker {
        if let batchInserter { return batchInserter }
        let started = SerialWorker(name: "ledger-recon.insert")
        batchInserter = started
        return started
    }

    /// Runs `body` with a snapshot of the ledger on the run's connection, inside the open batch or
    /// dry run if any, so it sees what the run wrote: the run's report data and break register.
    /// As `PostgresWriteStore.withRunSnapshot`; on SQLite every statement outside a transaction
    /// commits by itself, so `writes` changes nothing here.
    package func withRunSnapshot<T>(writes: Bool, _ body: (any LedgerSnapshot & BreakRecording) throws -> T) throws -> T {
        try withDatabase { db in try body(SQLiteLedgerSnapshot(db)) }
    }

    /// Records the run's counts in its `runs` row (the rejected_rows table's totals).
    package func recordCounts(_ counts: RunCounts, runID: String) throws {
        try withDatabase { db in try RunHistory.recordCounts(counts, runID: runID, in: db) }
    }

    func preparedStatements(_ db: Database) throws -> WriterStatements {
        if let statements { return statements }
        let prepared = try WriterStatements(db)
        statements = prepared
        return prepared
    }

    // MARK: Loading state

    package func loadTenants() throws -> [StoredTenant] {
        try withDatabase { db in
            let configs = try TenantConfig.fetchAll(db)
            return try Row.fetchAll(db, sql: "SELECT id, tenant_id FROM tenants ORDER BY id").compactMap { row in
                let tenantID: String = row[1]
                return configs[tenantID].map { StoredTenant(rowID: row[0], config: $0) }
            }
        }
    }

    package func accountCount() throws -> Int {
        try withDatabase { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accounts") ?? 0 }
    }

    package func loadAccounts(_ body: (CachedAccount) throws -> Void) throws {
        try withDatabase { db in
            // Raw and by column number: 200,000 accounts through GRDB's named `Row` look-ups took about a second.
            let rows = try RawStatement(db, sql: """
                SELECT id, account_id, tenant_id, kind, asset, user_id, application_id, status, balance, frozen_balance,
                       total_earned, total_spent, expired_points, version, last_sequence, tenant, posted_debits, posted_credits
                FROM account_view ORDER BY id
                """)
            try rows.query { row in
                let kind = AccountKind(rawValue: row.string(3)) ?? .wallet
                let key = AccountKey(tenantID: row.string(2), kind: kind, asset: row.string(4), userID: row.string(5))
                try body(CachedAccount(
                    rowID: row.int64(0), accountID: row.string(1), key: key,
                    state: AccountState(
                        status: AccountStatus(rawValue: row.string(7)) ?? .closed, balance: row.int64(8), frozenBalance: row.int64(9),
                        totalEarned: row.int64(10), totalSpent: row.int64(11), expiredPoints: row.int64(12),
                        version: row.int64(13), lastSequence: row.int64(14)
                    ),
                    tenantRowID: row.int64(15), postedDebits: row.wide(16) ?? 0, postedCredits: row.wide(17) ?? 0
                ))
            }
        }
    }

    package func highestTransferRowID() throws -> Int64 {
        try withDatabase { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM transfers") ?? 0 }
    }

    // MARK: Tenants

    package func tenantHasAccounts(tenantID: String) throws -> Bool {
        try withDatabase { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM account_view WHERE tenant_id = ?)", arguments: [tenantID]) ?? false
        }
    }

    package func upsertTenant(_ tenant: TenantConfig, updatedAt: Int64) throws -> Int64 {
        try withDatabase { db in
            try db.execute(
                sql: """
                    INSERT INTO tenants (tenant_id, name, transfer_enabled, points_type, exchange_rate, currency, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, transfer_enabled = excluded.transfer_enabled,
                        points_type = excluded.points_type, exchange_rate = excluded.exchange_rate,
                        currency = excluded.currency, updated_at = excluded.updated_at
                    """,
                arguments: [tenant.tenantID, tenant.name, tenant.transferEnabled, tenant.pointsType, tenant.exchangeRate,
                            tenant.currency.code, updatedAt]
            )
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM tenants WHERE tenant_id = ?", arguments: [tenant.tenantID]) else {
                preconditionFailure("the tenant's row exists")
            }
            return id
        }
    }

    // MARK: Batches

    package func inBatchTransaction<T>(beforeCommit: () throws -> Void, _ body: () throws -> T) throws -> T {
        do {
            return try inBatchTransactionOnce(beforeCommit: beforeCommit, body)
        } catch {
            forgetIssuedAccountRowIDs()
            throw error
        }
    }

    private func inBatchTransactionOnce<T>(beforeCommit: () throws -> Void, _ body: () throws -> T) throws -> T {
        try withDatabase { db in
            var result: T?
            if db.isInsideTransaction {
                try db.inSavepoint {
                    result = try runBatchBody(body)
                    try commitGate.check(db)
                    try beforeCommit()
                    return .commit
                }
            } else {
                let checkpointer = try batchCheckpointer(db)
                checkpointer?.beforeBatch()
                try db.inTransaction(.immediate) {
                    result = try runBatchBody(body)
                    try commitGate.check(db)
                    try beforeCommit()
                    return .commit
                }
            }
            guard let result else { preconditionFailure("a committed batch has a result") }
            return result
        }
    }

    /// The checkpointer, started with the first batch that commits by itself; from then on the
    /// writer's connection leaves checkpoints to it.
    func batchCheckpointer(_ db: Database) throws -> WALCheckpointer? {
        guard !checkpointerTried else { return checkpointer }
        checkpointerTried = true
        guard let started = try? WALCheckpointer(path: ledger.path, thresholds: checkpointThresholds) else { return nil }
        try started.attach(to: db)
        checkpointer = started
        return started
    }

    /// The batch's body, with its transfers inserted beside it; every insert is done (or its
    /// error thrown) before the batch commits or rolls back.
    private func runBatchBody<T>(_ body: () throws -> T) throws -> T {
        let outer = batchOpen
        batchOpen = true
        defer { batchOpen = outer }
        let result: T
        do {
            result = try body()
        } catch {
            // Accounts still waiting are dropped with the batch (`forgetIssuedAccountRowIDs`).
            try? batchInserter?.drain()
            throw error
        }
        try drainInserts()
        return result
    }

    package func beginDryRun() throws {
        try finishDeferredBatch()
        try ledger.queue.inDatabase { db in try db.beginTransaction(.immediate) }
        dryRunOpen = true
    }

    package func rollBackDryRun() throws {
        try withDatabase { db in try db.rollback() }
        dryRunOpen = false
        forgetIssuedAccountRowIDs()
    }

    /// Copies the write-ahead log back into the ledger file and empties it (`PRAGMA
    /// wal_checkpoint(TRUNCATE)`), outside any transaction; best effort (a busy reader only defers it).
    public func mergeWriteAheadLog() {
        _ = try? withDatabase { db in
            guard !db.isInsideTransaction else { return }
            if let checkpointer {
                checkpointer.detach(from: db)
                self.checkpointer = nil
            }
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    // MARK: Bulk imports

    package func suspendHistoryIndex() throws {
        try withDatabase { db in
            try db.execute(sql: "DROP INDEX IF EXISTS transfers_debit_history; DROP INDEX IF EXISTS transfers_credit_history")
        }
    }

    package func restoreHistoryIndex() throws {
        try withDatabase { db in try db.execute(sql: LedgerSchema.historyIndexesSQL) }
    }
}
