import Foundation

/// One step started on a thread of its own, to run beside what the caller does next; `wait` joins
/// it and hands back its result or rethrows its error. Used where the two share nothing: `verify`'s
/// storage check reads the file on its own connection while the ledger checks scan it on another,
/// and a bulk import's history index is built on the write connection while the run's checks read
/// the committed ledger on a second one -- each pair takes about as long as the slower of the two.
final class ConcurrentStep<Value>: @unchecked Sendable {
    // @unchecked: `outcome` is written by the step's thread before it signals `done`, and read
    // only after `wait` has seen that signal; `work` is called on the step's thread only.
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<Value, any Error>?
    private let work: () throws -> Value

    /// Starts `work` at once, on a thread named `name`.
    init(name: String, _ work: @escaping () throws -> Value) {
        self.work = work
        let thread = Thread { [self] in
            outcome = Result { try self.work() }
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the step to end and returns its value. Call it once.
    /// - Throws: the step's error.
    func wait() throws -> Value {
        done.wait()
        guard let outcome else { preconditionFailure("a finished step has its outcome") }
        return try outcome.get()
    }
}
