import GRDB
import GRDBSQLite
import LedgerCore
import LedgerStorage

/// Deferred commits: a transfers batch returns as soon as it is decided, and its last writes
/// (every touched account's balance row, the chain heads, the file's progress) and its commit run
/// on the inserter's thread beside the next batch's decisions.
///
/// Measured on the 1M bench run, the engine's thread spent ~1.9 s writing balance rows (1.6M
/// UPDATEs: each 50,000-row batch touches ~80,000 of the 200,000 accounts) and ~0.3 s committing,
/// while nothing else could use the connection. The order on the connection stays strictly
/// sequential, and at most one transaction is ever open:
///
///     batch n:     BEGIN · inserts n ·························· (held: balances n, heads n, progress n)
///     batch n + 1: probes n + 1 (see n's rows) · [inserter: writes n, gate, conditions, COMMIT n, BEGIN] · inserts n + 1 …
///
/// Batch n + 1's key probes run on the engine's thread in batch n's transaction, after n's inserts,
/// so they see n's rows exactly as if n had committed; only then are n's writes and commit queued.
/// Any other use of the store first finishes the waiting batch (`finishDeferredBatch`), so it
/// never reads around a batch that has not committed. A failure anywhere rolls back the open
/// transaction, which holds the waiting batch until its COMMIT ran: the caller learns it from the
/// next batch or from `finishDeferredBatch`, and the engine re-reads its state.
extension SQLiteWriteStore {
    /// A decided batch's writes that wait for its commit.
    struct HeldWrites {
        var progress: [(inputFile: Int64, end: InputCheckpoint, fileSHA256: [UInt8]?, rejections: [(line: Int, rejection: RecordedRejection)])] = []
        /// The touched accounts' rows (`BalanceWrite`, a fraction of a cached account's size: a
        /// batch's ~65,000 wait until the next batch has probed its keys).
        var balances: [(rows: [BalanceWrite], updatedAt: Int64)] = []
        var chainHeads: [[StoredChainHead]] = []

        /// In the order the batch made them: progress (in its body), balances, heads.
        func write(_ statements: WriterStatements) throws {
            for progress in progress {
                try SQLiteWriteStore.writeProgress(inputFile: progress.inputFile, end: progress.end, fileSHA256: progress.fileSHA256,
                                                   rejections: progress.rejections, statements: statements)
            }
            for chunk in balances { try SQLiteWriteStore.writeBalances(chunk.rows, updatedAt: chunk.updatedAt, statements: statements) }
            for heads in chainHeads { try SQLiteWriteStore.writeChainHeads(heads, statements: statements) }
        }
    }

    /// The decided batch whose writes and commit wait for the next batch's probes.
    struct WaitingBatch {
        var writes: HeldWrites
        var beforeCommit: () throws -> Void
        var statements: WriterStatements
    }

    package func inDeferredBatchTransaction<T>(beforeCommit: @escaping () throws -> Void, _ body: () throws -> T) throws -> T {
        // The dry run's batches are savepoints of its one transaction: nothing there to defer.
        guard !dryRunOpen else { return try inBatchTransaction(beforeCommit: beforeCommit, body) }
        do {
            return try ledger.queue.inDatabase { db in
                activeDatabase = db
                defer { activeDatabase = nil }
                if waitingBatch == nil {
                    // Nothing waits: this batch opens its transaction here, as `inBatchTransaction` does.
                    try drainInserts()
                    neutralizeCommitHook(db)
                    try batchCheckpointer(db)?.beforeBatch()
                    try db.beginTransaction(.immediate)
                }
                deferringBody = true
                batchOpen = true
                defer {
                    deferringBody = false
                    batchOpen = false
                }
                let result = try body()
                // The batch before, if this one never probed a key; then every insert of this batch
                // and that batch's commit: when this returns, the batch before has committed.
                try queueWaitingBatch()
                try drainInserts()
                waitingBatch = WaitingBatch(writes: heldWrites, beforeCommit: beforeCommit, statements: try preparedStatements(db))
                heldWrites = HeldWrites()
                return result
            }
        } catch {
            abandonDeferredBatches()
            throw error
        }
    }

    package func finishDeferredBatch() throws {
        guard waitingBatch != nil else { return }
        do {
            try queueWaitingBatch()
            try batchInserter?.drain()
        } catch {
            abandonDeferredBatches()
            throw error
        }
    }

    /// Queues the waiting batch's writes, checks and commit on the inserter; inside a deferred
    /// batch's body, the BEGIN of that batch's own transaction after them.
    func queueWaitingBatch() throws {
        guard let waiting = waitingBatch else { return }
        waitingBatch = nil
        let opensNext = deferringBody
        let gate = commitGate, checkpointer = checkpointer
        inserter.enqueue { [unowned statements = waiting.statements] in
            try waiting.writes.write(statements)
            try gate.check(statements)
            try waiting.beforeCommit()
            try statements.commit.execute()
            guard opensNext else { return }
            checkpointer?.beforeBatch()
            try statements.beginImmediate.execute()
        }
    }

    /// Replaces GRDB's commit hook on the writer's connection with one that lets every commit
    /// through. GRDB's hook notifies transaction observers and requires the thread of its queue
    /// (it unwraps the queue's thread-local watchdog, a trap elsewhere), while a deferred batch commits
    /// on the inserter's thread. The ledger registers no transaction observer, so nothing listens.
    private func neutralizeCommitHook(_ db: Database) {
        guard !commitHookNeutralized, let connection = db.sqliteConnection else { return }
        sqlite3_commit_hook(connection, { _ in 0 }, nil)
        commitHookNeutralized = true
    }

    /// After a failure: waits for the inserter, rolls back whatever transaction is open (the
    /// waiting batch's, or the batch's in progress) and forgets what either held.
    func abandonDeferredBatches() {
        let statements = waitingBatch?.statements ?? self.statements
        waitingBatch = nil
        heldWrites = HeldWrites()
        try? batchInserter?.drain()
        if let statements, statements.rollback.connectionIsInsideTransaction {
            try? statements.rollback.execute()
        }
        forgetIssuedAccountRowIDs()
    }
}
