package import LedgerCore

/// The write side of the storage seam (issue 8): everything `LedgerEngine` asks of a backend to
/// apply a run, batch-shaped, with no database type in it. SQLite (`SQLiteWriteStore` in
/// LedgerStore) and PostgreSQL implement it; the engine holds the account cache and makes every
/// decision, a backend only stores and finds rows.
///
/// ## Contract every backend keeps
///
/// - **One writer.** A store is used by one engine on one thread, and only while the run lock
///   (`LedgerRunLock`) is held: a backend may cache what it read (prepared statements, row ids)
///   for the store's life, and never has to merge with another writer's rows.
/// - **Transactions.** Every method that writes runs inside `inBatchTransaction` (a tenant upsert
///   is one too, with its tenant change and chain head), except the run records (`recordRunStart`,
///   `recordRunEnd`, `recordRunFailure`, `recordRunChainHeads`, `abandon`, `markResumed`) and
///   `suspendHistoryIndex`/`restoreHistoryIndex`, which the engine calls outside a batch and which
///   must each be durable on their own when they return (their own transaction, or the dry run's
///   outer one).
/// - **A batch is atomic.** Everything written inside one `inBatchTransaction` (the input file
///   row, transfers, accounts, balances, chain heads, rejections, checkpoint) becomes durable together when it
///   returns, or not at all when it throws: a crash or kill at any point leaves either the whole
///   batch or none of it. Durable means it survives the process being killed (SQLite: WAL with
///   synchronous=NORMAL; PostgreSQL: a committed transaction).
/// - **The dry run.** After `beginDryRun`, every batch (and every run record) is nested in one outer
///   transaction (SQLite: savepoints) that `rollBackDryRun` rolls back, leaving the ledger exactly
///   as it was. A dry run never calls the run records' methods except `ensureRun`.
/// - **Reads see the open batch.** Inside a batch, look-ups (`lookUpKeys`, `lookAlike`,
///   `openedAccount`, `recordedRejections`) see that batch's writes made by earlier calls.
///   Within one call, `lookUpKeys` answers from the state before the call: keys repeated inside
///   the batch are the engine's business (it overlays the batch's own rows).
/// - **Order.** `appendTransfers` stores the records in the order given, with ascending row ids
///   (the watermark rule: every transfer of this run has a row id above `highestTransferRowID()`
///   as read when the run started), and each account's legs in ascending sequence.
/// - **Row ids.** Tenants, accounts, runs and input files have integer row ids the backend assigns
///   (ascending, never reused); the engine passes them back in later calls and never invents one.
/// - **Errors.** A method throws the backend's own error; the engine lets it pass (the batch is
///   rolled back by `inBatchTransaction`) and re-reads its state with `loadTenants`/`loadAccounts`.
package protocol LedgerWriteStore: AnyObject {
    // MARK: Loading state

    /// Every tenant with its row id.
    func loadTenants() throws -> [StoredTenant]

    /// How many accounts the ledger holds (to size the engine's cache once).
    func accountCount() throws -> Int

    /// Streams every account (user and system), in ascending row id, with its current state and
    /// posted totals, calling `body` once per account. Must not hold all rows in memory at once.
    func loadAccounts(_ body: (CachedAccount) throws -> Void) throws

    /// The highest transfer row id now (0 for none): the run's watermark, and, as row ids are
    /// dense, the number of transfers (two postings each).
    func highestTransferRowID() throws -> Int64

    // MARK: Tenants

    /// True when any account (user or system) belongs to the tenant; compared by the id's bytes.
    func tenantHasAccounts(tenantID: String) throws -> Bool

    /// Creates the tenant or overwrites every setting of it (the engine has merged the update);
    /// `updatedAt` in UTC milliseconds. Called inside `inBatchTransaction`, with the tenant's
    /// change and chain head. Returns the tenant's row id.
    func upsertTenant(_ tenant: TenantConfig, updatedAt: Int64) throws -> Int64

    // MARK: Hash chain (SPEC §7)

    /// Every tenant's chain head as stored (tenants without links have none).
    func loadChainHeads() throws -> [StoredChainHead]

    /// Stores the heads a transaction moved (in it: heads and links commit together).
    func writeChainHeads(_ heads: [StoredChainHead]) throws

    /// Stores a tenant's settings change with its link (`tenant_changes`), in the upsert's transaction.
    func recordTenantChange(_ change: TenantChangeRecord) throws

    /// Records every tenant's head in the run's record, at its start or end (outside batches).
    func recordRunChainHeads(runID: String, _ heads: ChainHeads, atStart: Bool) throws

    // MARK: Batches

    /// Runs `body` as ONE transaction (a savepoint inside the dry run's outer transaction) and
    /// commits it, after checking that no other writer committed to the ledger since this store's
    /// previous batch (throw a ForeignWrite error then), and then calling `beforeCommit`, whose throw
    /// rolls the batch back too. When `body` or the commit throws, everything the batch wrote is
    /// rolled back and the error is rethrown.
    func inBatchTransaction<T>(beforeCommit: () throws -> Void, _ body: () throws -> T) throws -> T

    /// As `inBatchTransaction`, but it may return before the batch commits: the batch's last writes
    /// and its commit then run beside the next batch's decisions, once that batch has looked its keys
    /// up (they see this batch's rows), and any other use of the store first finishes them. The
    /// batch has committed when the next batch returns or `finishDeferredBatch` does; if its commit
    /// fails, the call that finds out rolls back what is open and throws. At every moment at
    /// most one transaction is open: a crash loses at most the batch not yet committed.
    /// A backend without it commits before returning (the default).
    func inDeferredBatchTransaction<T>(beforeCommit: @escaping () throws -> Void, _ body: () throws -> T) throws -> T

    /// Commits the batch `inDeferredBatchTransaction` left waiting, if any, and waits for it.
    /// - Throws: its commit's error (everything it wrote is rolled back).
    func finishDeferredBatch() throws

    /// Opens the dry run's outer transaction: nothing written after it is durable.
    func beginDryRun() throws

    /// Rolls the dry run's outer transaction back.
    func rollBackDryRun() throws

    /// Looks up a batch of idempotency keys in one call (in a batch, before its inserts): one answer
    /// per probe, in the probes' order. `.same` when the stored transfer's fingerprint digest equals
    /// the probe's, `.different` (with the original's content, origin and run) when it does not.
    func lookUpKeys(_ probes: [KeyProbe]) throws -> [KeyLookup]

    /// A keyless request's look-alike (SPEC §2 "Keyless look-alikes"): the first stored transfer,
    /// by row id, of the tenant whose key is a derived one (`DerivedKeyCounter.prefix`) and whose
    /// fingerprint digest is `digest`, and whose input file is not one of `files` (a transfer
    /// with no input file is never excluded).
    func lookAlike(tenantRowID: Int64, digest: RequestDigest, notFrom files: Set<Int64>) throws -> LookAlike?

    /// Appends transfers (entries of two legs) in the order given, each with its free text when the
    /// record carries any beyond what its type implies (`TransferTexts.isImplied`). A batch may call
    /// it several times (in chunks), always after its `lookUpKeys`.
    func appendTransfers(_ records: [TransferRecord]) throws

    /// Inserts an account with its opening state and its current state; returns its row id.
    func insertAccount(_ record: NewAccountRecord) throws -> Int64

    /// Writes the current state and posted totals of the given accounts (those a batch touched),
    /// `updatedAt` in UTC milliseconds, in the order given (ascending row id); a batch may call it
    /// several times (in chunks).
    func writeBalances(_ accounts: [BalanceWrite], updatedAt: Int64) throws

    /// The state an account was opened with and where from (`accounts.csv:3`), as stored.
    func openedAccount(rowID: Int64) throws -> OpenedAccountRecord

    // MARK: Input files and decisions (SPEC §2 "Running a night again", §4)

    /// Every transfers file decided by a run other than `runID` that was not abandoned, with its
    /// checkpoints (ascending rows), in ascending id. Files without checkpoints may be left out.
    func decidedFiles(excludingRun runID: String) throws -> [StoredInputFile]

    /// The `input_files` rows of `runID` at `position`.
    func inputFiles(ofRun runID: String, position: Int) throws -> [Int64]

    /// The rejections recorded for the input file on lines `lines`, by line.
    func recordedRejections(inputFile: Int64, lines: ClosedRange<Int>) throws -> [Int: RecordedRejection]

    /// Creates this run's row for a transfers file (in its first batch); returns its id.
    func createInputFile(runID: String, position: Int, path: String, resumes: Int64?) throws -> Int64

    /// Records, in the batch, its rejections (ascending line) and how far the file is decided:
    /// a checkpoint `end` (kept once), and on the file's row rows/bytes decided, finished (when
    /// `fileSHA256` is given) and the file's SHA-256.
    func recordProgress(inputFile: Int64, end: InputCheckpoint, fileSHA256: [UInt8]?,
                        rejections: [(line: Int, rejection: RecordedRejection)]) throws

    // MARK: Runs (SPEC §4, §5)

    /// The run's row id, nil when it has none yet.
    func runRowID(runID: String) throws -> Int64?

    /// The run's row id, making a bare 'running' row (command '', pid 0) when it has none (dry runs,
    /// library use). Called inside a batch.
    func ensureRun(runID: String, startedAt: Int64) throws -> Int64

    /// Records the start of a run, or overwrites the start of a row `ensureRun` made. Returns its row id.
    func recordRunStart(_ start: RunStartRecord) throws -> Int64

    /// Marks `runID` resumed by `resumedBy`; a 'running' status becomes 'interrupted'.
    func markResumed(runID: String, by resumedBy: String) throws

    /// Status 'failed' with `reason`, the exit code the process stops with, and the finish time.
    func recordRunFailure(runID: String, reason: String, exitCode: Int32, finishedAt: Int64) throws

    /// Status 'finished' with the exit code, the reports' path and the finish time.
    func recordRunEnd(runID: String, exitCode: Int32, reports: String, finishedAt: Int64) throws

    /// The newest run (by start time, then row id) with status running, failed or interrupted, not
    /// resumed by another, and with inputs recorded (non-empty).
    func unfinishedRun() throws -> UnfinishedRun?

    /// Status 'abandoned', unless another run resumed it meanwhile.
    func abandon(runID: String) throws

    /// The run `runID` resumed (its `resumes`), nil for none.
    func resumedRun(of runID: String) throws -> String?

    /// Calls `body` with the legs of every transfer whose row id is in `rows`, newest first.
    func scanLegsNewestFirst(rows: ClosedRange<Int64>, _ body: (TransferLegs) throws -> Void) throws

    // MARK: Bulk imports

    /// Drops the indexes by account over the transfers' history for a bulk import (queries still
    /// work, slower); a crash before `restoreHistoryIndex` must be repaired by the next open.
    func suspendHistoryIndex() throws

    /// Builds the history indexes again (idempotent).
    func restoreHistoryIndex() throws
}

extension LedgerWriteStore {
    /// Backends that commit each batch before returning (PostgreSQL: its commit is a round trip
    /// the server overlaps anyway).
    package func inDeferredBatchTransaction<T>(beforeCommit: @escaping () throws -> Void, _ body: () throws -> T) throws -> T {
        try inBatchTransaction(beforeCommit: beforeCommit, body)
    }

    package func finishDeferredBatch() throws {}
}
