import Dispatch

/// Runs postgres-nio's async API from the synchronous job (STYLE: a batch job is mostly
/// synchronous). The work runs in a detached task, off the caller's actor, while the calling
/// thread waits: the caller is a plain thread (the command's), never a task of the cooperative
/// pool, so the wait cannot starve the pool the task needs.
enum BlockingCall {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                outcome.result = .success(try await body())
            } catch {
                outcome.result = .failure(error)
            }
            finished.signal()
        }
        finished.wait()
        guard let result = outcome.result else { preconditionFailure("a finished call has an outcome") }
        return try result.get()
    }

    /// Written once by the task before it signals, read once by the waiter after: the semaphore
    /// orders the two, so no lock is needed.
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}
