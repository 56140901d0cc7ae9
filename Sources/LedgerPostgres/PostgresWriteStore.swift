import Foundation
public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// The PostgreSQL backend of the write protocol (`LedgerWriteStore`, SPEC §6, §7): `LedgerEngine`
/// decides, this stores, on the run's one session (the one that holds the run lock).
///
/// ## Row ids
/// Tenants, accounts and transfers get their ids from this store's own counters, read once when
/// it opens (the largest id per tenant, through each table's tenant-first key): the run lock lets
/// one writer in, so the counters cannot race, and `COPY` writes the ids it is given, in the order
/// given. A batch that rolls back puts the counters back, so ids stay dense and ascending. Runs,
/// input files and tenant changes use identity columns (ascending, never reused; a rolled-back
/// value is skipped, which their contract allows).
///
/// ## Buffered writes
/// Transfers (`appendTransfers`) and new accounts (`insertAccount`) are encoded straight into
/// `COPY` text buffers and sent when a buffer grows past `flushRows`, before any statement that
/// reads or updates those tables, and before the batch commits: the protocol's "reads see the
/// open batch" holds, and a 50,000-row batch costs a few dozen COPY round trips instead of one
/// INSERT per row.
///
/// ## Transactions
/// `inBatchTransaction` is BEGIN … COMMIT (a SAVEPOINT inside the dry run's outer transaction).
/// The run records are single statements outside any batch: each commits on its own (or inside the
/// dry run's transaction). `committedCount` counts the commits the server acknowledged, for the
/// commit watch (`PostgresCommitWatch`).
public final class PostgresWriteStore: LedgerWriteStore {
    let session: PostgresSession
    public let location: PostgresLocation

    /// The dry run's outer transaction is open.
    private(set) var inDryRun = false
    /// A batch (transaction or savepoint) is open.
    private(set) var inBatch = false

    /// The next id to give, per table that the store numbers itself.
    var nextTenantID: Int64 = 1
    var nextAccountID: Int64 = 1
    var nextTransferID: Int64 = 1
    /// Each account's tenant by row id (index = id; -1 for none): the tables are keyed by
    /// (tenant, id), and `openedAccount` is given the id alone.
    var accountTenants: [Int32] = []

    /// Rows encoded for COPY and not yet sent (`flushPending`).
    var pendingTransfers = CopyTextEncoder()
    var pendingTexts = CopyTextEncoder()
    var pendingAccounts = CopyTextEncoder()
    var pendingBalances = CopyTextEncoder()

    /// Commits the server acknowledged (batches and run records), for `PostgresCommitWatch`.
    private(set) var committedCount = 0
    /// A COMMIT was sent and its answer lost with the connection: it may or may not have happened.
    private(set) var commitInDoubt = false

    /// Rows a COPY buffer holds before it is sent (about 2 MB of transfers).
    static let flushRows = 8_192
    /// Rows per FETCH of a streamed read (`forEachRow`).
    static let fetchRows = 4_096

    /// The store of a ledger opened for a run (`PostgresLedger.open` with the run's id: the run lock is held).
    public init(_ ledger: PostgresLedger) throws {
        session = ledger.session
        location = ledger.location
        // A run killed during a bulk import left the history indexes dropped: the writer builds them.
        try PostgresSchema.repairHistoryIndexes(session)
        try readCounters()
    }

    /// The counters from the stored rows: one index probe per tenant and table.
    private func readCounters() throws {
        let maxima = try session.rows("""
            SELECT COALESCE((SELECT max(id) FROM tenants), 0)::bigint,
                   COALESCE((SELECT max((SELECT max(a.id) FROM accounts a WHERE a.tenant = t.id)) FROM tenants t), 0)::bigint,
                   COALESCE((SELECT max((SELECT max(x.id) FROM transfers x WHERE x.tenant = t.id)) FROM tenants t), 0)::bigint
            """) { try $0.decode((Int64, Int64, Int64).self) }
        guard let (tenants, accounts, transfers) = maxima.first else { return }
        nextTenantID = tenants + 1
        nextAccountID = accounts + 1
        nextTransferID = transfers + 1
    }

    // MARK: Statements

    /// Counts a commit the server acknowledged.
    func noteCommit() {
        committedCount += 1
    }

    /// Runs one statement; outside a batch and the dry run it commits on its own, and counts.
    func write(_ query: PostgresQuery) throws {
        try session.execute(query)
        if !inBatch && !inDryRun { committedCount += 1 }
    }

    /// Reads through a server-side cursor, `fetchRows` rows at a time, so a large result never
    /// sits in memory whole. Inside a batch or the dry run it uses that transaction; otherwise a
    /// read-only one of its own.
    func forEachRow<Row: Sendable>(_ query: PostgresQuery, decode: @escaping @Sendable (PostgresRow) throws -> Row,
                                   _ body: (Row) throws -> Void) throws {
        let own = !inBatch && !inDryRun
        if own { try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") }
        do {
            try session.execute(PostgresQuery(unsafeSQL: "DECLARE ledger_write_cursor NO SCROLL CURSOR FOR " + query.sql,
                                              binds: query.binds))
            while true {
                let rows = try session.rows(PostgresQuery(unsafeSQL: "FETCH \(Self.fetchRows) FROM ledger_write_cursor"), decode)
                for row in rows { try body(row) }
                if rows.count < Self.fetchRows { break }
            }
            try session.execute("CLOSE ledger_write_cursor")
            if own { try session.execute("COMMIT") }
        } catch {
            if own { try? session.execute("ROLLBACK") } else { try? session.execute("CLOSE ledger_write_cursor") }
            throw error
        }
    }

    // MARK: Loading state

    package func loadTenants() throws -> [StoredTenant] {
        try session.rows("""
            SELECT id::bigint, tenant_id, name, transfer_enabled, points_type, exchange_rate, currency FROM tenants ORDER BY id
            """) { row in try row.decode((Int64, String, String, Bool, String, Int64, String).self) }
            .compactMap { id, tenantID, name, enabled, pointsType, rate, code in
                guard let currency = Currency(code: code), rate > 0 else { return nil }
                return StoredTenant(rowID: id, config: TenantConfig(
                    tenantID: tenantID, name: name, transferEnabled: enabled, pointsType: pointsType, exchangeRate: rate,
                    currency: currency))
            }
    }

    package func accountCount() throws -> Int {
        try flushAccounts()
        return Int(try session.rows("SELECT count(*) FROM accounts") { try $0.decode(Int64.self) }.first ?? 0)
    }

    package func loadAccounts(_ body: (CachedAccount) throws -> Void) throws {
        try flushAccounts()
        accountTenants = []
        try forEachRow("""
            SELECT a.id, a.account_id, t.tenant_id, a.kind, a.asset, a.user_id, b.status, b.balance, b.frozen_balance,
                   b.total_earned, b.total_spent, b.expired_points, b.version, b.last_sequence, a.tenant::bigint,
                   b.posted_debits::text, b.posted_credits::text
            FROM accounts a JOIN tenants t ON t.id = a.tenant JOIN account_balances b ON b.tenant = a.tenant AND b.id = a.id
            ORDER BY a.id
            """, decode: StoredAccountRow.init) { row in
            noteTenant(row.tenant, ofAccount: row.id)
            try body(CachedAccount(
                rowID: row.id, accountID: row.accountID,
                key: AccountKey(tenantID: row.tenantID, kind: AccountKind(rawValue: row.kind) ?? .wallet, asset: row.asset,
                                userID: row.userID),
                state: AccountState(
                    status: AccountStatus(rawValue: row.status) ?? .closed, balance: row.numbers[0], frozenBalance: row.numbers[1],
                    totalEarned: row.numbers[2], totalSpent: row.numbers[3], expiredPoints: row.numbers[4],
                    version: row.numbers[5], lastSequence: row.numbers[6]),
                tenantRowID: row.tenant, postedDebits: Int128(row.postedDebits) ?? 0, postedCredits: Int128(row.postedCredits) ?? 0))
        }
    }

    /// Remembers an account's tenant for the look-ups that are given its id alone.
    func noteTenant(_ tenant: Int64, ofAccount id: Int64) {
        guard id >= 0, id < Int64(Int32.max) * 8 else { return }
        let index = Int(id)
        if index >= accountTenants.count {
            accountTenants.append(contentsOf: repeatElement(-1, count: index + 1 - accountTenants.count))
        }
        accountTenants[index] = Int32(truncatingIfNeeded: tenant)
    }

    /// The tenant of account `id`, as loaded or inserted by this store.
    func tenant(ofAccount id: Int64) -> Int32? {
        guard id >= 0, id < Int64(accountTenants.count), accountTenants[Int(id)] >= 0 else { return nil }
        return accountTenants[Int(id)]
    }

    package func highestTransferRowID() throws -> Int64 {
        try flushTransfers()
        return try session.rows("""
            SELECT COALESCE((SELECT max((SELECT max(x.id) FROM transfers x WHERE x.tenant = t.id)) FROM tenants t), 0)::bigint
            """) { try $0.decode(Int64.self) }.first ?? 0
    }

    // MARK: Tenants

    package func tenantHasAccounts(tenantID: String) throws -> Bool {
        try flushAccounts()
        return try session.rows("""
            SELECT EXISTS (SELECT 1 FROM accounts a JOIN tenants t ON t.id = a.tenant WHERE t.tenant_id = \(tenantID))
            """) { try $0.decode(Bool.self) }.first ?? false
    }

    package func upsertTenant(_ tenant: TenantConfig, updatedAt: Int64) throws -> Int64 {
        let candidate = Int32(truncatingIfNeeded: nextTenantID)
        let id = try session.rows("""
            INSERT INTO tenants (id, tenant_id, name, transfer_enabled, points_type, exchange_rate, currency, updated_at)
            VALUES (\(candidate), \(PostgresText.storable(tenant.tenantID)), \(PostgresText.storable(tenant.name)),
                    \(tenant.transferEnabled), \(PostgresText.storable(tenant.pointsType)), \(tenant.exchangeRate),
                    \(tenant.currency.code), \(updatedAt))
            ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, transfer_enabled = excluded.transfer_enabled,
                points_type = excluded.points_type, exchange_rate = excluded.exchange_rate,
                currency = excluded.currency, updated_at = excluded.updated_at
            RETURNING id::bigint
            """) { try $0.decode(Int64.self) }.first ?? Int64(candidate)
        if id == Int64(candidate) { nextTenantID += 1 }
        if !inBatch && !inDryRun { committedCount += 1 }
        return id
    }

    // MARK: Batches

    package func inBatchTransaction<T>(beforeCommit: () throws -> Void, _ body: () throws -> T) throws -> T {
        precondition(!inBatch, "batches do not nest")
        let counters = (nextTenantID, nextAccountID, nextTransferID, accountTenants.count)
        try session.execute(inDryRun ? "SAVEPOINT ledger_batch" : "BEGIN")
        inBatch = true
        do {
            // Before this batch writes (its ids would collide with the other writer's) and again before it commits.
            try checkNoForeignWrites()
            let result = try body()
            try flushPending()
            try checkNoForeignWrites()
            try beforeCommit()
            inBatch = false
            if inDryRun {
                try session.execute("RELEASE SAVEPOINT ledger_batch")
            } else {
                try commit()
            }
            return result
        } catch {
            if inBatch {
                inBatch = false
                if inDryRun {
                    try? session.execute("ROLLBACK TO SAVEPOINT ledger_batch")
                    try? session.execute("RELEASE SAVEPOINT ledger_batch")
                } else {
                    try? session.execute("ROLLBACK")
                }
            }
            (nextTenantID, nextAccountID, nextTransferID) = (counters.0, counters.1, counters.2)
            if accountTenants.count > counters.3 { accountTenants.removeLast(accountTenants.count - counters.3) }
            discardPending()
            throw error
        }
    }

    /// COMMIT, counted once acknowledged; when the connection drops while it is on its way, whether
    /// it happened is unknown (`commitInDoubt`).
    private func commit() throws {
        do {
            try session.execute("COMMIT")
            committedCount += 1
        } catch let error as PostgresStoreError where error.isConnectionLoss {
            commitInDoubt = true
            throw error
        }
    }

    /// When a batch starts and before it commits: nobody else has added transfers, accounts or tenants since this
    /// store's previous batch. With the run lock held by this session, such a writer is one that
    /// bypassed the lock (SPEC §6); the largest ids are then not the ones this store gave last.
    private func checkNoForeignWrites() throws {
        let maxima = try session.rows("""
            SELECT COALESCE((SELECT max(id) FROM tenants), 0)::bigint,
                   COALESCE((SELECT max((SELECT max(a.id) FROM accounts a WHERE a.tenant = t.id)) FROM tenants t), 0)::bigint,
                   COALESCE((SELECT max((SELECT max(x.id) FROM transfers x WHERE x.tenant = t.id)) FROM tenants t), 0)::bigint
            """) { try $0.decode((Int64, Int64, Int64).self) }
        guard let (tenants, accounts, transfers) = maxima.first else { return }
        if tenants >= nextTenantID || accounts >= nextAccountID || transfers >= nextTransferID {
            throw PostgresStoreError.foreignWrite(location)
        }
    }

    package func beginDryRun() throws {
        precondition(!inDryRun && !inBatch, "one dry run, outside batches")
        try session.execute("BEGIN")
        inDryRun = true
    }

    package func rollBackDryRun() throws {
        guard inDryRun else { return }
        inDryRun = false
        discardPending()
        try session.execute("ROLLBACK")
        try readCounters()
    }

    // MARK: Bulk imports

    /// Drops the two history indexes for a bulk import: building them once after the COPYs costs
    /// less than keeping them up to date row by row (see the README's PostgreSQL figures). Each is
    /// its own statement, durable when it returns; `PostgresLedger.open` repairs a missing one.
    ///
    /// Only a role that owns `transfers` may drop its indexes (one with the README's write
    /// privileges alone may not): for any other both calls do nothing and the indexes are kept up
    /// to date as rows arrive, slower but the same.
    package func suspendHistoryIndex() throws {
        guard try ownsTransfers() else { return }
        try write("DROP INDEX IF EXISTS transfers_debit_history")
        try write("DROP INDEX IF EXISTS transfers_credit_history")
    }

    package func restoreHistoryIndex() throws {
        guard try ownsTransfers() else { return }
        for statement in SQLScript.statements(PostgresSchema.historyIndexesSQL) { try write(PostgresQuery(unsafeSQL: statement)) }
    }

    private func ownsTransfers() throws -> Bool {
        try session.rows("SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = 'transfers'::regclass") {
            try $0.decode(Bool.self)
        }.first ?? false
    }
}

/// An `accounts` row joined with its tenant and balance, as `loadAccounts` reads it.
struct StoredAccountRow: Sendable {
    var id: Int64
    var accountID: String
    var tenantID: String
    var kind: String
    var asset: String
    var userID: String
    var status: String
    /// balance, frozen_balance, total_earned, total_spent, expired_points, version, last_sequence.
    var numbers: [Int64]
    var tenant: Int64
    var postedDebits: String
    var postedCredits: String

    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        id = try cells[0].decode(Int64.self)
        accountID = try cells[1].decode(String.self)
        tenantID = try cells[2].decode(String.self)
        kind = try cells[3].decode(String.self)
        asset = try cells[4].decode(String.self)
        userID = try cells[5].decode(String.self)
        status = try cells[6].decode(String.self)
        numbers = try (7...13).map { try cells[$0].decode(Int64.self) }
        tenant = try cells[14].decode(Int64.self)
        postedDebits = try cells[15].decode(String.self)
        postedCredits = try cells[16].decode(String.self)
    }
}
