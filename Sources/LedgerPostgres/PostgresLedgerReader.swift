import Foundation
public import LedgerStorage
internal import PostgresNIO

/// The PostgreSQL backend's read side (`LedgerReading`) for `verify`, the queries, `runs` and
/// `export`: connects, checks that the database holds a ledger of this release, and never creates,
/// migrates or locks it (a reader neither waits for nor takes the run lock: it reads a snapshot).
public final class PostgresLedgerReader: LedgerReading, @unchecked Sendable {
    // @unchecked: `session` is used only while `lock` is held, one `read` at a time.
    public let location: PostgresLocation
    private let session: PostgresSession
    private let lock = NSLock()

    /// Connects to the ledger at `location`.
    /// - Throws: `PostgresStoreError` (unreachable, authenticationFailed, databaseMissing, noLedger
    ///   for a database without the ledger's tables, unknownSchema).
    public init(location: PostgresLocation) throws {
        self.location = location
        session = try PostgresSession.connect(location, applicationName: "ledger-recon reader")
        do {
            switch try PostgresSchema.contents(session) {
            case .ledger(let version):
                guard version == PostgresSchema.version else { throw PostgresStoreError.unknownSchema(location, version: version) }
            case .empty, .otherTables:
                throw PostgresStoreError.noLedger(location)
            }
        } catch {
            session.close()
            throw error
        }
    }

    deinit { session.close() }

    /// `body` on one `REPEATABLE READ READ ONLY` transaction: every read sees the same ledger.
    public func read<T>(_ body: (any LedgerSnapshot) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let value = try body(PostgresLedgerSnapshot(session: session))
            try session.execute("COMMIT")
            return value
        } catch {
            try? session.execute("ROLLBACK")
            throw error
        }
    }

    /// PostgreSQL has no `integrity_check`: the meaningful, cheap check is `amcheck`'s
    /// `bt_index_check` on each of the ledger's B-tree indexes (an index that disagrees with its
    /// own order is what makes keys, history pages and idempotency look-ups lie). It runs on a
    /// connection of its own. Creating the extension needs privileges this command does not ask
    /// for: without `amcheck` installed in the database (`CREATE EXTENSION amcheck`, README) the
    /// answer is [] (nothing checked). A server that cannot be reached is one problem naming why.
    public func integrityProblems() -> [String] {
        let session: PostgresSession
        do {
            session = try PostgresSession.connect(location, applicationName: "ledger-recon integrity")
        } catch {
            return ["\(error)"]
        }
        defer { session.close() }
        do {
            let installed = try session.rows("SELECT count(*)::bigint FROM pg_extension WHERE extname = 'amcheck'") {
                try $0.decode(Int64.self)
            }
            guard installed.first ?? 0 > 0 else { return [] }
            let indexes = try session.rows("""
                SELECT c.oid::bigint, c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                    JOIN pg_class r ON r.oid = i.indrelid JOIN pg_am am ON am.oid = c.relam
                WHERE am.amname = 'btree' AND r.relnamespace = current_schema()::regnamespace
                ORDER BY c.relname COLLATE "C"
                """) { try $0.decode((Int64, String).self) }
            var problems: [String] = []
            for (oid, name) in indexes {
                do {
                    try session.execute("SELECT bt_index_check(\(oid)::oid)")
                } catch let error as PostgresStoreError {
                    guard !error.isConnectionLoss else { throw error }
                    problems.append("index \(name): \(error)")
                }
            }
            return problems
        } catch {
            return ["\(error)"]
        }
    }
}
