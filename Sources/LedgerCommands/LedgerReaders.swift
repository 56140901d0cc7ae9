import Foundation
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
    ///   PostgreSQL database (unreachable, refused, no such database, no ledger in it).
    static func open(path: String) throws -> any LedgerReading {
        guard PostgresLocation.isURL(path) else { return try SQLiteLedgerReader(path: path) }
        return try PostgresLedgerReader(location: PostgresLocation(parsing: path))
    }

    /// True when `path` is a file that does not exist: a read-only command says "no ledger" before
    /// opening anything. A PostgreSQL URL is never missing here: opening it says what is wrong
    /// (server unreachable, no such database, no ledger in it).
    static func isMissing(_ path: String) -> Bool {
        !PostgresLocation.isURL(path) && !FileManager.default.fileExists(atPath: path)
    }

    /// How a message names the ledger: the path, or the URL without its password.
    static func displayName(_ path: String) -> String {
        PostgresLocation.isURL(path) ? PostgresLocation.redact(path) : path
    }
}
