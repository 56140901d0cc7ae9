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

    public func integrityProblems() -> [String] { [] }
}
