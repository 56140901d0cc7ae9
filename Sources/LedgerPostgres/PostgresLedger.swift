import Foundation
public import LedgerStorage
internal import PostgresNIO

/// A PostgreSQL ledger opened for a command (SPEC §7): connected, its tables checked (or created
/// with `--create-db`), and for a run that writes, the run lock held until `close()`.
///
/// Opened with a run id it is the run's `LedgerRunLock` (held until `close()` or release) and the
/// session its `PostgresWriteStore` writes through. Every failure is a one-line `PostgresStoreError`.
public final class PostgresLedger: LedgerRunLock {
    public let location: PostgresLocation
    let session: PostgresSession
    let runLock: PostgresRunLock?
    /// This open created the ledger's tables (`--create-db` on an empty database).
    private let created: Bool

    private init(location: PostgresLocation, session: PostgresSession, runLock: PostgresRunLock?, created: Bool) {
        self.location = location
        self.session = session
        self.runLock = runLock
        self.created = created
    }

    /// Connects, takes the run lock when `runID` is given, and makes sure a ledger is there.
    /// - Parameters:
    ///   - create: `--create-db`: create the tables in an existing, empty database (`verify` and
    ///     the queries never pass true: they never create a ledger, SPEC §4).
    ///   - runID: the writing run's id, put in the connection's application_name and the lock; nil for
    ///     commands that only read (they neither wait for nor take the lock).
    /// - Throws: `PostgresStoreError` (unreachable, authenticationFailed, databaseMissing, lockHeld,
    ///   noLedger, notEmpty, unknownSchema, permissionDenied).
    public static func open(_ location: PostgresLocation, create: Bool, runID: String?) throws -> PostgresLedger {
        let name = runID.map(PostgresRunLock.applicationName(runID:)) ?? "ledger-recon"
        let session = try PostgresSession.connect(location, applicationName: name)
        do {
            // The lock first: two `--create-db` runs on one empty database must not both create.
            let lock = try runID.map { _ in try PostgresRunLock.acquire(session) }
            let created = try PostgresSchema.prepare(session, create: create, now: Int64(Date().timeIntervalSince1970 * 1000))
            // A writer repairs what a bulk import killed before its end left behind (no lock, no repair: readers never write).
            if lock != nil { try PostgresSchema.repairHistoryIndexes(session) }
            return PostgresLedger(location: location, session: session, runLock: lock, created: created)
        } catch {
            session.close()
            throw error
        }
    }

    /// Ends the session; the server releases the run lock with it.
    public func close() {
        session.close()
    }

    /// A run's last step: when this open created the ledger's tables and nothing was recorded in
    /// them (the first night stopped before it began, e.g. on an unreadable input; or it was a dry
    /// run), they are removed, as SQLite removes the file it created (SPEC §4). Best effort: a
    /// failure leaves an empty ledger, which the next `--create-db` run uses.
    public func removeIfCreatedAndUnused() {
        guard created, !session.connection.isClosed else { return }
        try? PostgresSchema.dropIfUnused(session)
    }

    deinit {
        session.close()
    }
}
