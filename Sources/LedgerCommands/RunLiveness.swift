import Foundation
import LedgerStore
import LedgerStorage

/// Tells a live run from one whose process is gone (SPEC §5 `runs`: `interrupted`).
///
/// A killed run never writes its end, so its row stays `running`. Whether it still runs is read
/// from the run lock without taking it (taking it, even for a moment, could turn a run starting
/// at that instant away with exit 3): the kernel lists who holds the `flock` on the ledger file
/// in /proc/locks. Where that list cannot be read, the recorded pid being alive decides.
struct RunLiveness {
    /// Who holds the ledger's run lock.
    enum LockHolder: Equatable {
        /// Nobody: no run is in progress.
        case nobody
        case process(Int32)
        /// /proc/locks could not be read (not Linux, or hidden).
        case unknown
    }

    let holder: LockHolder

    /// Looks at the lock of the ledger at `databasePath` once, before the ledger is opened (the
    /// descriptor opened here is closed again, which would drop this process's SQLite locks).
    init(databasePath: String) {
        let descriptor = open(databasePath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            holder = .unknown
            return
        }
        defer { close(descriptor) }
        guard FileManager.default.isReadableFile(atPath: "/proc/locks") else {
            holder = .unknown
            return
        }
        holder = RunLock.lockingPID(descriptor).flatMap { Int32($0) }.map(LockHolder.process) ?? .nobody
    }

    /// The status `runs` shows: the recorded one, except that a `running` run whose process no
    /// longer holds the lock is `interrupted`.
    func status(of run: RunRecord) -> String {
        guard run.recordedStatus == "running" else { return run.recordedStatus }
        switch holder {
        case .process(let pid): return pid == run.pid ? "running" : "interrupted"
        case .nobody: return "interrupted"
        case .unknown: return kill(run.pid, 0) == 0 || errno == EPERM ? "running" : "interrupted"
        }
    }
}
