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
    /// A run opened its write store on these tables (`markOpenedForWriting`): from then on they are
    /// a ledger, kept even when the run recorded nothing (a dry run), as SQLite keeps the file it
    /// created once it holds the schema.
    private var openedForWriting = false

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

    /// Ends the session, giving the run lock back first.
    public func close() {
        // Given back first, on the open connection: the server would release it only once the
        // closed connection's backend has ended, which a run started right after may not see yet
        // (it then exits 3, "another run holds"). Best effort: a failed unlock leaves it to the server.
        if runLock != nil, !session.connection.isClosed { try? runLock?.release() }
        session.close()
    }

    /// A run's last step: when this open created the ledger's tables and the run stopped before it
    /// opened its write store (e.g. on an unreadable input) with nothing recorded, they are
    /// removed, as SQLite removes the file it created while it is still empty (SPEC §4). A dry run
    /// keeps them, as SQLite keeps the file that holds the schema. Best effort: a
    /// failure leaves an empty ledger, which the next `--create-db` run uses.
    public func removeIfCreatedAndUnused() {
        guard created, !openedForWriting, !session.connection.isClosed else { return }
        try? PostgresSchema.dropIfUnused(session)
    }

    /// The run opened its write store here: the tables stay (see `removeIfCreatedAndUnused`).
    public func markOpenedForWriting() {
        openedForWriting = true
    }

    deinit {
        session.close()
    }
}
