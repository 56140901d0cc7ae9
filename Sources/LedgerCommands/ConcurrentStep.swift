import Foundation

/// One step of the run started on a thread of its own, to run beside what the caller does next;
/// `wait` joins it and rethrows its error. Used where the two share nothing: a bulk import's
/// history index is built on the write connection while the checks read the committed ledger on
/// a second one.
final class ConcurrentStep: @unchecked Sendable {
    // @unchecked: `failure` is written by the step's thread before it signals `done`, and read
    // only after `wait` has seen that signal.
    private let done = DispatchSemaphore(value: 0)
    private var failure: (any Error)?
    /// Called on the step's thread only (the caller hands it over and does not call it).
    private let work: () throws -> Void

    /// Starts `work` at once.
    init(_ work: @escaping () throws -> Void) {
        self.work = work
        let thread = Thread { [self] in
            do { try self.work() } catch { failure = error }
            done.signal()
        }
        thread.name = "ledger-recon.step"
        thread.start()
    }

    /// Waits for the step to end. Call it once.
    /// - Throws: the step's error.
    func wait() throws {
        done.wait()
        if let failure { throw failure }
    }
}
