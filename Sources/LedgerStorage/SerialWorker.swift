import Foundation

/// Runs chunks of work on a thread of its own, one after another in the order queued, while the
/// owner goes on: the SQLite store's batch inserts (`SQLiteWriteStore.inserter`: in the 1M run the
/// transfer inserts were about a quarter of the writer thread's CPU, and loading 200,000 accounts
/// spent about 40% of its time in their two INSERTs) and `verify`'s hash-chain recomputation
/// (`HashChainCheck.Pass`), while the second core had room.
///
/// The owner decides what may run beside the queued work: the SQLite store lets nothing else use
/// the batch's connection, and waits (`drain`) before every other use of it and before the batch's
/// commit or rollback; `drain` rethrows a chunk's error there, so the batch fails and rolls back
/// exactly as if the insert had run inline.
package final class SerialWorker: @unchecked Sendable {
    // @unchecked: `pending`, `working`, `failure` and `stopped` are only touched while `condition`
    // is locked; what a queued chunk touches is the owner's to keep apart (see above).
    private let condition = NSCondition()
    private var pending: [() throws -> Void] = []
    private var working = false
    private var failure: (any Error)?
    private var stopped = false
    private let queueLimit: Int

    /// Starts the thread, named `name` (as a profiler shows it).
    /// - Parameter queueLimit: chunks queued at most: when the work falls behind, the owner waits
    ///   rather than holding more (SPEC §6: memory follows accounts, not rows).
    package init(name: String, queueLimit: Int = 4) {
        self.queueLimit = queueLimit
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Queues one chunk, waiting while `queueLimit` chunks wait. After a chunk failed, chunks are
    /// dropped until `drain` reports the failure.
    package func enqueue(_ work: @escaping () throws -> Void) {
        condition.lock()
        defer { condition.unlock() }
        while pending.count >= queueLimit && failure == nil { condition.wait() }
        if failure == nil { pending.append(work) }
        condition.broadcast()
    }

    /// Waits until every queued chunk has run.
    /// - Throws: the first failed chunk's error since the last drain.
    package func drain() throws {
        condition.lock()
        defer { condition.unlock() }
        while !pending.isEmpty || working { condition.wait() }
        if let failure {
            self.failure = nil
            throw failure
        }
    }

    /// Ends the thread once the queue is empty (the owner is going away).
    package func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while pending.isEmpty && !stopped { condition.wait() }
            if pending.isEmpty { break }
            let work = pending.removeFirst()
            working = true
            condition.unlock()
            var error: (any Error)?
            do { try work() } catch let failed { error = failed }
            condition.lock()
            working = false
            if let error, failure == nil {
                failure = error
                pending.removeAll()
            }
            condition.broadcast()
        }
        condition.unlock()
    }
}
