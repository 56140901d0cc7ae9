import LedgerStorage
import LedgerStore

/// Opens a ledger for the commands that only read it (`verify`, the queries, `runs`, `export`):
/// the one place that picks the backend for them.
enum LedgerReaders {
    /// The ledger at `path`, read-only: never created, migrated or locked.
    /// - Throws: `StorageError` when it cannot be read; `LedgerStoreError` when it is not a ledger
    ///   or needs an upgrade first.
    static func open(path: String) throws -> any LedgerReading {
        try SQLiteLedgerReader(path: path)
    }
}
