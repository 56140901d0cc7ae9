import LedgerPostgres
import LedgerStorage
import LedgerStore

/// Opens a ledger for the commands that only read it (`verify`, the queries, `runs`, `export`):
/// the one place that picks the backend for them.
enum LedgerReaders {
    /// The ledger at `path` (a file, or a `postgresql://` / `postgres://` URL), read-only: never
    /// created, migrated or locked.
    /// - Throws: `StorageError` when it cannot be read; `LedgerStoreError` when it is not a ledger
    ///   or needs an upgrade first; `PostgresLocation.ParseError` and `PostgresStoreError` for a
    ///   PostgreSQL database (unreachable, refused, no ledger…).
    static func open(path: String) throws -> any LedgerReading {
        guard PostgresLocation.isURL(path) else { return try SQLiteLedgerReader(path: path) }
        return try PostgresLedgerReader(location: PostgresLocation(parsing: path))
    }
}
