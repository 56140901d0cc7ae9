public import LedgerCore

/// Applies changes to the ledger for one run: tenants, opening snapshots and transfer batches,
/// through any backend's `LedgerWriteStore` (issue 8 "The seam").
///
/// Holds every account's state in memory for the run (memory grows with accounts, not rows), so
/// a batch needs no per-row account queries: it looks its keys up in one call, appends its
/// transfers in one call, and writes the accounts it touched once. Every decision is made here
/// (`decide(_:)` holds SPEC §2's whole rejection order); the store only keeps and finds rows.
/// Only one engine may work on a ledger at a time (the run lock, `LedgerRunLock`).
public final class LedgerEngine {
    public let runID: String
    let store: any LedgerWriteStore
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
    /// The open batch's entries not yet appended to the store (in chunks of `appendChunk`).
    var pendingTransfers: [TransferRecord] = []
    /// Each account's state at the night's start (when the engine was made, or the start of
    /// the run it resumes): what the run-scoped checks start from (SPEC §5 "Scope of the checks").
    public internal(set) var startStates = AccountStartStates()
    /// The highest transfer row id before this run (before the night, when it resumes one):
    /// transfers above it were created by this run.
    public internal(set) var transfersWatermark: Int64 = 0
    /// Each tenant's row id, by the id's bytes.
    var tenantRowIDs: [OpaqueID: Int64] = [:]
    /// This run's row id (made with the first batch, or by `recordRunStart`).
    var runRowID: Int64?
    /// The unfinished run this one finishes, and every run of that chain (SPEC §4).
    public internal(set) var resuming: UnfinishedRun?
    var resumeChainRuns: Set<String> = []
    /// Per file position, the input files of the resume chain (read once per position).
    var resumeChainFilesByPosition: [Int: Set<Int64>] = [:]
    /// The input file row of the transfers file being decided, by position in the run.
    var inputFileIDs: [Int: Int64] = [:]
    /// The run's own conditions, checked in order before every batch commits (after the store's
    /// check for a foreign writer); a throw rolls the batch back and stops the run — e.g. the
    /// previous batch's results did not reach results.csv.
    public var commitConditions: [() throws -> Void] = []
    /// Every tenant's hash-chain head, and the heads the open transaction moved (SPEC §7).
    var chain = ChainRecorder()
    /// When set, `decide` may return before its batch commits (`LedgerWriteStore.inDeferredBatchTransaction`):
    /// the batch's balance writes and commit then run beside the next batch's decisions. A batch
    /// has committed once the next `decide` returns, or `finishDeferredBatch` does. Off by default:
    /// a caller that reads the store after `decide` must call `finishDeferredBatch` first.
    public var defersCommits = false

    /// Loads tenants and accounts from `store`.
    /// - Parameter now: the clock in UTC milliseconds; records without `requested_at` get its time.
    package init(store: any LedgerWriteStore, runID: String, now: @escaping @Sendable () -> Int64) throws {
        self.store = store
        self.runID = runID
        self.now = now
        try reload()
        startStates = AccountStartStates(reservingUpTo: accounts.last?.rowID ?? 0)
        for account in accounts { startStates[account.rowID] = account.startState }
        transfersWatermark = try store.highestTransferRowID()
    }

    /// Re-reads tenants and accounts, e.g. after a batch's transaction failed and rolled back.
    func reload() throws {
        tenants = TenantDirectory()
        tenantRowIDs = [:]
        for tenant in try store.loadTenants() {
            tenants[tenant.config.tenantID] = tenant.config
            tenantRowIDs[OpaqueID(tenant.config.tenantID)] = tenant.rowID
        }
        runRowID = try store.runRowID(runID: runID)
        chain = ChainRecorder(try store.loadChainHeads())
        // Sized once: growing the index by doubling kept two copies alive at 200,000 accounts.
        let count = try store.accountCount()
        accounts = ChunkedArray()
        accountIndex = CachedAccountIndex(capacity: count + count / 8)
        try store.loadAccounts { cache($0) }
        pendingTransfers = []
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

    /// Runs `body` as one batch transaction of the store (a savepoint inside a dry run), with one
    /// clock read for the whole batch; appends the batch's entries and writes the accounts it
    /// touched before it commits. On failure the in-memory state is re-read, since the store rolled back.
    func inBatchTransaction<T>(deferringCommit: Bool = false, _ body: (inout TouchedAccounts) throws -> T) throws -> T {
        if accountCacheReleased { try reload() }
        let millis = now()
        batchMillis = millis
        defer { batchMillis = nil }
        // Copied: a deferred commit checks them later, on the store's thread.
        let conditions = commitConditions
        let beforeCommit = { for condition in conditions { try condition() } }
        do {
            func batch() throws -> T {
                var touched = TouchedAccounts(capacity: accounts.count)
                let result = try body(&touched)
                try appendPendingTransfers()
                // In chunks: the accounts a 50,000-row batch touches, copied at once, took ~15 MB.
                // Each as its balance write only (a deferred batch's store keeps them until its commit).
                let order = touched.sorted
                for start in stride(from: 0, to: order.count, by: LedgerEngine.appendChunk) {
                    let chunk = order[start..<min(start + LedgerEngine.appendChunk, order.count)]
                    try store.writeBalances(chunk.map { accounts[$0].balanceWrite }, updatedAt: millis)
                }
                try writeMovedChainHeads()
                return result
            }
            return deferringCommit ? try store.inDeferredBatchTransaction(beforeCommit: beforeCommit, batch)
                : try store.inBatchTransaction(beforeCommit: beforeCommit, batch)
        } catch {
            try reload()
            throw error
        }
    }

    /// Commits the batch a deferred `decide` left waiting (`defersCommits`), and waits for it.
    /// - Throws: its commit's error; the batch was rolled back and the in-memory state re-read.
    public func finishDeferredBatch() throws {
        do {
            try store.finishDeferredBatch()
        } catch {
            try reload()
            throw error
        }
    }

    /// Opens the dry run's outer transaction: nothing after it is durable (SPEC §4 `--dry-run`).
    public func beginDryRun() throws { try store.beginDryRun() }

    /// Rolls the dry run back: the ledger is exactly as before the run.
    public func rollBackDryRun() throws { try store.rollBackDryRun() }

    // MARK: Tenants

    /// Creates a tenant or changes what `update` states about it (SPEC §2 tenants): unstated
    /// settings keep their stored values (defaults only for a new tenant). Once the tenant has
    /// accounts, a change of its currency or points type is refused — account identity and every
    /// stored amount depend on them — and the stored setting stays, while the row's other settings
    /// apply. The settings, their hash-chain link and head commit together, in one transaction.
    /// - Returns: one `inputs_valid` violation per refused change, naming the field, old and new value.
    @discardableResult
    public func upsert(_ update: TenantUpdate) throws -> [CheckViolation] {
        do {
            return try store.inBatchTransaction(beforeCommit: {}) { try upsertInTransaction(update) }
        } catch {
            try reload()
            throw error
        }
    }

    private func upsertInTransaction(_ update: TenantUpdate) throws -> [CheckViolation] {
        let stored = tenants[update.tenantID]
        var tenant = update.applied(to: stored)
        var refused: [CheckViolation] = []
        if let stored, try store.tenantHasAccounts(tenantID: stored.tenantID) {
            if tenant.currency != stored.currency {
                refused.append(refusal(update, field: "currency", kept: stored.currency.code, stated: tenant.currency.code))
                tenant.currency = stored.currency
            }
            if !OpaqueID.sameBytes(tenant.pointsType, stored.pointsType) {
                refused.append(refusal(update, field: "points_type", kept: stored.pointsType, stated: tenant.pointsType))
                tenant.pointsType = stored.pointsType
            }
        }
        let time = now()
        let tenantRowID = try store.upsertTenant(tenant, updatedAt: time)
        tenants[tenant.tenantID] = tenant
        tenantRowIDs[OpaqueID(tenant.tenantID)] = tenantRowID
        if stored != tenant {
            try recordTenantChange(tenant, tenantRowID: tenantRowID, at: time)
            try writeMovedChainHeads()
        }
        return refused
    }

    /// Sets every setting of `tenant` (tests, and callers that hold a whole configuration).
    @discardableResult
    public func upsert(_ tenant: TenantConfig) throws -> [CheckViolation] {
        try upsert(TenantUpdate(stating: tenant))
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
    /// checks and reports that follow read every account from the store, and holding both
    /// copies at once was the run's peak memory. A later batch (library use) re-reads the cache;
    /// `state(of:)` and `allAccounts()` must not be called after this.
    public func releaseAccountCache() {
        accounts = ChunkedArray()
        accountIndex = CachedAccountIndex()
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
    public func postingCount() throws -> Int64 { 2 * (try store.highestTransferRowID()) }

    /// Drops the history indexes for a bulk import: inserting a few million transfers into
    /// indexes keyed by account touches every page of them in every batch, while building them
    /// once afterwards is one sort each. Queries still work meanwhile, by scanning; a crash before
    /// `restoreHistoryIndex` is repaired when the ledger is next opened.
    public func suspendHistoryIndex() throws { try store.suspendHistoryIndex() }

    public func restoreHistoryIndex() throws { try store.restoreHistoryIndex() }

    /// This run's row id: made on first use when `recordRunStart` has not run (dry runs, whose
    /// transaction rolls it back with everything else, and library use).
    func ensureRunRowID() throws -> Int64 {
        if let runRowID { return runRowID }
        let id = try store.ensureRun(runID: runID, startedAt: now())
        runRowID = id
        return id
    }
}
