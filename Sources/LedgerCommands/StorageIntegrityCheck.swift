import Foundation
import LedgerStore
import LedgerStorage

/// `verify`'s `storage_integrity` check (SPEC §6) on a thread of its own: SQLite's integrity check
/// reads the whole file on its own connection while the ledger checks scan it on this one, so
/// `verify` takes about as long as the slower of the two rather than their sum.
final class StorageIntegrityCheck: @unchecked Sendable {
    // @unchecked: `problems` is written once by the checking thread before `done` is signalled,
    // and read only after `wait` has seen that signal.
    private var problems: [String] = []
    private let done = DispatchSemaphore(value: 0)
    private var finished = false

    /// Starts checking `store`'s file.
    init(_ store: LedgerStore) {
        let path = store.path
        let thread = Thread { [self] in
            problems = LedgerStore.integrityProblems(path: path)
            done.signal()
        }
        thread.name = "ledger-recon.integrity"
        thread.start()
    }

    /// The problems found (none for a sound file); waits for the check the first time.
    func wait() -> [String] {
        if !finished {
            done.wait()
            finished = true
        }
        return problems
    }
}
