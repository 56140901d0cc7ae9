import Foundation
import LedgerCore
import LedgerPostgres
import LedgerReports
import LedgerStorage
import LedgerStore

/// Opens a ledger named by `--db` for a run: the one place that knows which backend a location
/// means, an SQLite file or a PostgreSQL database (`postgresql://`, `postgres://`; SPEC §4, §7).
enum LedgerBackends {
    /// Takes the run lock of the ledger at `location` (SPEC §6): SQLite, a `flock` on the file
    /// (created when `createIfMissing`); PostgreSQL, the session that holds the advisory lock, with
    /// the tables checked (created in an empty database when `createIfMissing`). Held until the
    /// returned object is released; a PostgreSQL run then writes through that same session
    /// (`openForWriting`).
    /// - Throws: `RunLock.Failure` or `PostgresStoreError` (held: exit 3; missing or unreadable: exit 2).
    static func lock(_ location: String, runID: String, createIfMissing: Bool) throws -> any LedgerRunLock {
        guard PostgresLocation.isURL(location) else {
            return try RunLock(databasePath: location, runID: runID, createIfMissing: createIfMissing)
        }
        let ledger = try PostgresLedger.open(try PostgresLocation(parsing: location), create: createIfMissing, runID: runID)
        HeldPostgresLedgers.shared.hold(ledger, for: location)
        return PostgresRunHold(ledger)
    }

    /// Opens (and migrates, when `upgrades`) the ledger at `location` for one run's writing. For
    /// PostgreSQL, the session `lock` opened (so the run writes where its lock is held); without
    /// one, a session of its own that takes the lock.
    static func openForWriting(_ location: String, upgrades: Bool) throws -> LedgerWriteSession {
        guard PostgresLocation.isURL(location) else {
            return LedgerWriteSession(sqlite: SQLiteWriteStore(try LedgerStore(path: location, upgrades: upgrades)))
        }
        let ledger = try HeldPostgresLedgers.shared.ledger(for: location)
            ?? PostgresLedger.open(try PostgresLocation(parsing: location), create: false, runID: "unnamed")
        ledger.markOpenedForWriting()
        return LedgerWriteSession(postgres: try PostgresWriteStore(ledger), ledger: ledger)
    }
}

/// A PostgreSQL run's lock as the command holds it: when released, a ledger the run created and
/// recorded nothing in is removed before the session (and with it the lock) ends.
final class PostgresRunHold: LedgerRunLock {
    private let ledger: PostgresLedger

    init(_ ledger: PostgresLedger) {
        self.ledger = ledger
    }

    deinit {
        ledger.removeIfCreatedAndUnused()
        ledger.close()
    }
}

/// The PostgreSQL ledgers whose run lock this process holds, by `--db` text: `LedgerBackends.lock`
/// opens the session and `openForWriting` writes through it. Weak: the lock object the command holds
/// decides how long the session lives.
final class HeldPostgresLedgers: @unchecked Sendable {
    static let shared = HeldPostgresLedgers()

    private let lock = NSLock()
    private var ledgers: [String: WeakLedger] = [:]

    private struct WeakLedger {
        weak var ledger: PostgresLedger?
    }

    func hold(_ ledger: PostgresLedger, for location: String) {
        lock.withLock { ledgers[location] = WeakLedger(ledger: ledger) }
    }

    func ledger(for location: String) -> PostgresLedger? {
        lock.withLock { ledgers[location]?.ledger }
    }
}

/// A ledger open for one run: the write store the engine works through, the commit watch, and
/// the read side's calls the job makes after the import (report data, break register, run
/// counts), on the run's own connection so they see what it wrote.
final class LedgerWriteSession {
    private enum Backend {
        case sqlite(SQLiteWriteStore)
        case postgres(PostgresWriteStore, PostgresLedger)
    }

    private let backend: Backend

    init(sqlite: SQLiteWriteStore) {
        backend = .sqlite(sqlite)
    }

    init(postgres: PostgresWriteStore, ledger: PostgresLedger) {
        backend = .postgres(postgres, ledger)
    }

    var store: any LedgerWriteStore {
        switch backend {
        case .sqlite(let store): store
        case .postgres(let store, _): store
        }
    }

    /// Watches for commits from now on (exit 2 or 5 when the run stops).
    func commitWatch() throws -> any LedgerCommitWatch {
        switch backend {
        case .sqlite(let store): try CommitWatch(path: store.ledger.path)
        case .postgres(let store, _): PostgresCommitWatch(store)
        }
    }

    /// At the end of a run that wrote: SQLite copies the write-ahead log back into the ledger file
    /// and empties it, so the file alone holds the ledger (a copy of just `<db>` taken after the run
    /// is whole) and no log of tens of MB is left beside it (the 1M bench left 50 MB). Best effort:
    /// a reader that holds the log open only makes it wait for a later checkpoint.
    func mergeWriteAheadLog() {
        guard case .sqlite(let store) = backend else { return }
        store.mergeWriteAheadLog()
    }

    /// Whether a bulk import's history index can be built beside the checks (`reportData(engine:beside:)`):
    /// on SQLite, outside a dry run, where everything the checks read is committed.
    func buildsBesideChecks(dryRun: Bool) -> Bool {
        if case .sqlite = backend { return !dryRun }
        return false
    }

    /// The checks' data, with `work` (a bulk import's history index build, on the run's connection)
    /// on a thread of its own meanwhile: the checks then read the committed ledger through a
    /// read-only connection of their own, as SQLite's WAL lets a reader go on beside a writer. On
    /// the 2-core bench the index build (~2.5 s) and the checks (~2.3 s) took one after the other.
    /// Only where `buildsBesideChecks` said so; elsewhere `work` runs first.
    func reportData(engine: LedgerEngine, beside work: (() throws -> Void)?) throws -> LedgerReportData {
        guard let work else { return try reportData(engine: engine) }
        guard case .sqlite(let store) = backend else {
            try work()
            return try reportData(engine: engine)
        }
        let step = ConcurrentStep(name: "ledger-recon.index", work)
        let data: LedgerReportData
        do {
            data = try SQLiteLedgerReader(path: store.ledger.path).read { snapshot in try LedgerReportData(snapshot, engine: engine) }
        } catch {
            try? step.wait()
            throw error
        }
        try step.wait()
        return data
    }

    func reportData(engine: LedgerEngine) throws -> LedgerReportData {
        try withRunSnapshot(writes: false) { snapshot in try LedgerReportData(snapshot, engine: engine) }
    }

    /// Runs `body` on the ledger as the run sees it (inside its dry run's transaction, if any).
    func read<T>(_ body: (any LedgerSnapshot) throws -> T) throws -> T {
        try withRunSnapshot(writes: false) { snapshot in try body(snapshot) }
    }

    func reviewBreaks(_ violations: [CheckViolation], rechecked: Set<CheckName>, runID: String, at now: Int64) throws -> BreakReview {
        try withRunSnapshot(writes: false) { snapshot in
            try BreakRegister.review(violations, rechecked: rechecked, runID: runID, at: now, in: snapshot)
        }
    }

    func recordBreaks(_ review: BreakReview) throws {
        try withRunSnapshot(writes: true) { snapshot in try snapshot.record(review) }
    }

    private func withRunSnapshot<T>(writes: Bool, _ body: (any LedgerSnapshot & BreakRecording) throws -> T) throws -> T {
        switch backend {
        case .sqlite(let store): try store.withRunSnapshot(writes: writes, body)
        case .postgres(let store, _): try store.withRunSnapshot(writes: writes, body)
        }
    }

    func recordCounts(_ counts: RunCounts, runID: String) throws {
        switch backend {
        case .sqlite(let store): try store.recordCounts(counts, runID: runID)
        case .postgres(let store, _): try store.recordCounts(counts, runID: runID)
        }
    }
}
