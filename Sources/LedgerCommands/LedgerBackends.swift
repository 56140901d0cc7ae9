import LedgerCore
import LedgerReports
import LedgerStorage
import LedgerStore

/// Opens a ledger named by `--db` for a run: the one place that knows which backend a location
/// means (today every location is an SQLite file; the PostgreSQL backend joins here).
enum LedgerBackends {
    /// Takes the run lock of the ledger at `location` (SPEC §6), creating an SQLite ledger file
    /// when `createIfMissing`. Held until the returned object is released.
    /// - Throws: `RunLock.Failure` (held: exit 3; missing or unreadable: exit 2).
    static func lock(_ location: String, runID: String, createIfMissing: Bool) throws -> any LedgerRunLock {
        try RunLock(databasePath: location, runID: runID, createIfMissing: createIfMissing)
    }

    /// Opens (and migrates, when `upgrades`) the ledger at `location` for one run's writing.
    static func openForWriting(_ location: String, upgrades: Bool) throws -> LedgerWriteSession {
        LedgerWriteSession(sqlite: SQLiteWriteStore(try LedgerStore(path: location, upgrades: upgrades)))
    }
}

/// A ledger open for one run: the write store the engine works through, the commit watch, and
/// the read side's calls the job makes after the import (report data, break register, run
/// counts), which still take an SQLite connection until the read protocol carries them.
final class LedgerWriteSession {
    private let sqlite: SQLiteWriteStore

    init(sqlite: SQLiteWriteStore) {
        self.sqlite = sqlite
    }

    var store: any LedgerWriteStore { sqlite }

    /// Watches for commits from now on (exit 2 or 5 when the run stops).
    func commitWatch() throws -> any LedgerCommitWatch { try CommitWatch(path: sqlite.ledger.path) }

    func reportData(engine: LedgerEngine) throws -> LedgerReportData {
        try sqlite.withConnection { db in try LedgerReportData(SQLiteLedgerSnapshot(db), engine: engine) }
    }

    /// Runs `body` on the ledger as the run sees it (inside its dry run's transaction, if any).
    func read<T>(_ body: (any LedgerSnapshot) throws -> T) throws -> T {
        try sqlite.withConnection { db in try body(SQLiteLedgerSnapshot(db)) }
    }

    func reviewBreaks(_ violations: [CheckViolation], rechecked: Set<CheckName>, runID: String, at now: Int64) throws -> BreakReview {
        try sqlite.withConnection { db in try BreakRegister.review(violations, rechecked: rechecked, runID: runID, at: now, in: db) }
    }

    func recordBreaks(_ review: BreakReview) throws {
        try sqlite.withConnection { db in try BreakRegister.record(review, in: db) }
    }

    func recordCounts(_ counts: RunCounts, runID: String) throws {
        try sqlite.withConnection { db in try RunHistory.recordCounts(counts, runID: runID, in: db) }
    }
}
