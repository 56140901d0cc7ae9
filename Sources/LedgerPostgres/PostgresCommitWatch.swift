public import LedgerStorage

/// Whether anything was committed to a PostgreSQL ledger since the watch started (SPEC §4: exit 5
/// when a run that stops had applied something, 2 when nothing), from the run's own store.
///
/// SQLite's watch (`CommitWatch`) asks the file, as any process could have written it. Here the run
/// lock keeps every other writer out (one that bypasses it is caught before the next batch commits,
/// `PostgresStoreError.foreignWrite`), so the commits that matter are the store's own, and the store
/// counts each one the server acknowledged. That answer survives the connection: when the server is
/// gone there is nothing left to ask, yet the run still knows what it committed. A COMMIT whose
/// answer was lost with the connection is in doubt: then the answer is nil (something may have been).
public final class PostgresCommitWatch: LedgerCommitWatch {
    private let store: PostgresWriteStore
    private let start: Int

    /// Starts watching the store's commits from now on.
    public init(_ store: PostgresWriteStore) {
        self.store = store
        start = store.committedCount
    }

    package var hasCommits: Bool? {
        if store.committedCount > start { return true }
        return store.commitInDoubt ? nil : false
    }
}
