import Foundation
import LedgerCore
import LedgerStorage

/// `verify`'s `hash_chain` check (SPEC §7) on a thread and a read connection of its own, as
/// `StorageIntegrityCheck` does: recomputing every chain is one more pass over all history, and
/// on its own thread it overlaps the ledger checks' scan instead of following it.
final class HashChainThread: @unchecked Sendable {
    // @unchecked: `result` is written once by the checking thread before `done` is signalled, and
    // read only after `wait` has seen that signal.
    private var result: Result<[CheckViolation], any Error> = .success([])
    private let done = DispatchSemaphore(value: 0)
    private var finished = false

    /// Starts checking the ledger that `open` opens (read-only, a connection of its own).
    init(_ open: @escaping @Sendable () throws -> any LedgerReading) {
        let thread = Thread { [self] in
            result = Result {
                try open().read { snapshot in try HashChainCheck(snapshot).violations }
            }
            done.signal()
        }
        thread.name = "ledger-recon.hash-chain"
        thread.start()
    }

    /// One break per tenant whose chain does not hold; waits for the check the first time.
    /// - Throws: what stopped the check from reading the ledger.
    func wait() throws -> [CheckViolation] {
        if !finished {
            done.wait()
            finished = true
        }
        return try result.get()
    }
}
