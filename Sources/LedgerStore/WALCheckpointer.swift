import GRDB
import GRDBSQLite
import LedgerStorage
import Synchronization

/// Copies the write-ahead log into the ledger file on a thread and a connection of its own while
/// a run writes (`PRAGMA wal_checkpoint(PASSIVE)`), instead of inside the writer's commits.
///
/// SQLite's automatic checkpoint runs in the commit that takes the log past `wal_autocheckpoint`
/// pages: the committing thread copies the log's pages into the file and waits for two fsyncs.
/// In the 1M run that was the engine thread's: ~0.3 s of CPU in fdatasync and ~0.9 s waiting on
/// writeback (`perf sched`). Here the writer's commits only queue a checkpoint (SQLite's WAL
/// hook, every `checkpointPages` pages as its automatic checkpoint would), and this thread copies
/// what was committed while the engine decides the next batch. Nothing about durability changes: a
/// checkpoint only copies committed pages, and SQLite makes it safe against a kill at any point.
///
/// The log starts again from its beginning only when a write transaction begins after a
/// checkpoint copied every committed page (SQLite's rule), which a writer that never waits would
/// not see: the log would grow for the whole run. So before a batch begins, once the log holds
/// `Thresholds.restartPages` pages, the writer waits for the checkpoint in flight
/// (`beforeBatch`), and the batch then restarts the log. At 16,384 pages (64 MiB) that wait comes
/// every few batches of the 1M run, for the last batch's pages only. A reader holding an older
/// snapshot keeps the log's pages and delays the restart until it ends, as it would SQLite's own.
final class WALCheckpointer {
    /// When to checkpoint and when to restart the log, in pages of the log.
    struct Thresholds {
        /// Pages commits add to the log before a checkpoint is queued: SQLite's own default
        /// (`wal_autocheckpoint`), so that small batches do not each cost a checkpoint and its fsyncs.
        var checkpointPages = 1_000
        /// The log's size from which the next batch waits for the checkpoint and restarts the log.
        var restartPages = 16_384
    }

    private let thresholds: Thresholds

    private let connection: DatabaseQueue
    private let worker = SerialWorker(name: "ledger-recon.checkpoint", queueLimit: 1)
    /// Pages in the log after the writer's last commit (SQLite's WAL hook tells).
    private var loggedPages = 0
    /// `loggedPages` when the last checkpoint was queued.
    private var pagesAtLastCheckpoint = 0
    /// Set by `stop`: the thread is gone.
    private var stopped = false
    /// True while a queued checkpoint has not started: a commit then queues no other.
    private let queued = Atomic<Bool>(false)

    /// Opens the checkpointer's connection to the ledger at `path`.
    init(path: String, thresholds: Thresholds = Thresholds()) throws {
        self.thresholds = thresholds
        var configuration = Configuration()
        configuration.label = "ledger-recon.checkpoint"
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    deinit { stop() }

    /// Takes over the writer connection's checkpoints: SQLite calls `committed(pages:)` after each
    /// of its commits (`sqlite3_wal_hook`, which replaces the automatic checkpoint). The hook
    /// holds the checkpointer until `detach`.
    func attach(to db: Database) throws {
        guard let writer = db.sqliteConnection else { throw DatabaseError(message: "database is closed") }
        sqlite3_wal_hook(writer, { context, _, _, pages in
            guard let context else { return SQLITE_OK }
            Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(pages: Int(pages))
            return SQLITE_OK
        }, Unmanaged.passRetained(self).toOpaque())
    }

    /// Waits for the checkpoint in flight, ends the thread and gives the writer connection its
    /// automatic checkpoint back.
    func detach(from db: Database) {
        stop()
        guard let writer = db.sqliteConnection else { return }
        sqlite3_wal_autocheckpoint(writer, Int32(Thresholds().checkpointPages))
        Unmanaged.passUnretained(self).release()
    }

    /// Waits for the checkpoint in flight and ends the thread; the hook, if still attached, then
    /// queues nothing more (a write store that goes away without `detach` leaves the hook on a
    /// connection it no longer writes; it cannot reach that connection safely from its deinit).
    func stop() {
        guard !stopped else { return }
        stopped = true
        try? worker.drain()
        worker.stop()
    }

    /// After a commit of the writer (on its thread): once the log grew by `checkpointPages`,
    /// queue a checkpoint of what is committed, to run beside the writer.
    private func committed(pages: Int) {
        guard !stopped else { return }
        loggedPages = pages
        // The log restarted since the last checkpoint was queued.
        if pages < pagesAtLastCheckpoint { pagesAtLastCheckpoint = 0 }
        guard pages - pagesAtLastCheckpoint >= thresholds.checkpointPages else { return }
        pagesAtLastCheckpoint = pages
        guard !queued.exchange(true, ordering: .acquiringAndReleasing) else { return }
        worker.enqueue { [self] in
            queued.store(false, ordering: .releasing)
            checkpoint()
        }
    }

    /// Before a batch begins (on the writer's thread): once the log is long, waits until every
    /// committed page is copied, so that the batch's first write starts the log again from its
    /// beginning.
    func beforeBatch() {
        guard !stopped, loggedPages >= thresholds.restartPages else { return }
        // The checkpoint queued by the last commits covers them; this one, with the writer idle,
        // copies what that one could not, if anything.
        try? worker.drain()
        checkpoint()
    }

    /// One passive checkpoint: copies what it can without waiting for the writer or any reader.
    /// Best effort: pages a checkpoint could not copy stay in the log, where every reader finds
    /// them, and the run's final merge copies them.
    private func checkpoint() {
        _ = try? connection.inDatabase { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
    }
}
