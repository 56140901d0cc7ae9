public import LedgerStorage
internal import PostgresNIO

/// The read side over the run's own session (`PostgresLedgerSnapshot`): the checks, the report
/// data and the break register after the import see exactly what the run wrote, and a dry run's
/// uncommitted rows too.
extension PostgresWriteStore {
    /// Runs `body` with a snapshot of the ledger on the run's session, inside one transaction: the
    /// dry run's outer one, else a transaction of its own (read-only and repeatable-read when
    /// `writes` is false; committed, and counted by the commit watch, when true). The snapshot
    /// never begins or ends a transaction itself.
    package func withRunSnapshot<T>(writes: Bool, _ body: (any LedgerSnapshot & BreakRecording) throws -> T) throws -> T {
        try flushPending()
        let own = !inBatch && !inDryRun
        if own { try session.execute(writes ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") }
        do {
            let result = try body(PostgresLedgerSnapshot(session: session))
            if own {
                try session.execute("COMMIT")
                if writes { noteCommit() }
            }
            return result
        } catch {
            if own { try? session.execute("ROLLBACK") }
            throw error
        }
    }
}
