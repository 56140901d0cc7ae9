import Dispatch
import Foundation

/// Runs postgres-nio's async API from the synchronous job (STYLE: a batch job is mostly
/// synchronous) while the calling thread waits.
///
/// The work never needs Swift's cooperative pool: it runs in a task whose executor preference is
/// `PostgresCallThread`, one dedicated thread. A caller that is itself on the pool (a test, an
/// async command) may therefore block: on a 2-core machine the pool has two threads, and two
/// blocked callers waiting for work that needed the pool would wait forever.
enum BlockingCall {
    /// Thrown when `abandonWhen` said the work can no longer finish.
    struct Abandoned: Error {}

    /// - Parameter abandonWhen: checked every second while waiting: true gives up on the work
    ///   (postgres-nio 1.33 can leave a query written to a connection that is closing unanswered;
    ///   a nightly job must stop with an error, not hang).
    static func run<T: Sendable>(abandonWhen: () -> Bool = { false },
                                 _ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let finished = DispatchSemaphore(value: 0)
        Task.detached(executorPreference: PostgresCallThread.shared) {
            do {
                outcome.result = .success(try await body())
            } catch {
                outcome.result = .failure(error)
            }
            finished.signal()
        }
        while finished.wait(timeout: .now() + .seconds(1)) == .timedOut {
            // One more second after the sign: an answer already on its way still arrives.
            if abandonWhen() {
                guard finished.wait(timeout: .now() + .seconds(1)) == .success else { throw Abandoned() }
                break
            }
        }
        guard let result = outcome.result else { preconditionFailure("a finished call has an outcome") }
        return try result.get()
    }

    /// Written once by the task before it signals, read once by the waiter after: the semaphore
    /// orders the two, so no lock is needed.
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}

/// The thread every PostgreSQL call's async work runs on (`BlockingCall`): jobs in arrival order.
/// A job never blocks (the waiting happens on the caller's thread), so one thread serves any
/// number of sessions.
final class PostgresCallThread: TaskExecutor, @unchecked Sendable {
    static let shared = PostgresCallThread()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "ledger-recon postgres"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
