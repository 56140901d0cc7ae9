import LedgerStorage

extension PostgresWriteStore {
    /// Replaced by pgr's `PostgresLedgerSnapshot(session:)` once merged.
    func makeRunSnapshot() throws -> any LedgerSnapshot & BreakRecording {
        throw PostgresStoreError.server(location, sqlState: "-", message: "the PostgreSQL read side is not merged into this build yet")
    }
}
