import Foundation

/// Inserts a batch's new rows -- its transfers and the accounts it opens -- on a thread of its own
/// while the engine decides the batch's next rows: in the 1M run the transfer inserts were about a
/// quarter of the writer thread's CPU, and loading 200,000 accounts spent about 40% of its time in
/// their two INSERTs, while the second core had room.
///
/// Only inside a batch transaction, on the batch's connection, and never at the same time as
/// anything else on it: every other use of the connection (`SQLiteWriteStore.withDatabase`) and
/// the batch's commit or rollback first wait for the queued inserts (`drain`), which also rethrows
/// an insert's error there, so the batch fails and rolls back exactly as if the insert had run inline.
final class BatchInserter: @unchecked Sendable {
    // @unchecked: `pending`, `inserting`, `failure` and `stopped` are only touched while `condition`
    // is locked; a queued insert runs on the inserter's thread only while the owner waits or decides rows.
    private let condition = NSCondition()
    private var pending: [() throws -> Void] = []
    private var inserting = false
    private var failure: (any Error)?
    private var stopped = false

    /// Starts the thread.
    init() {
        let thread = Thread { [self] in run() }
        thread.name = "ledger-recon.insert"
        thread.start()
    }

    /// Chunks queued at most: when the inserts fall behind, the engine waits rather than holding
    /// the whole batch's records (SPEC §6: memory follows accounts, not rows).
    static let queueLimit = 4

    /// Queues one chunk of inserts, waiting while `queueLimit` chunks wait. After a failed insert,
    /// chunks are dropped until `drain` reports the failure (the batch is then rolled back).
    func enqueue(_ insert: @escaping () throws -> Void) {
        condition.lock()
        defer { condition.unlock() }
        while pending.count >= BatchInserter.queueLimit && failure == nil { condition.wait() }
        if failure == nil { pending.append(insert) }
        condition.broadcast()
    }

    /// Waits until every queued chunk is inserted.
    /// - Throws: the first failed insert's error since the last drain.
    func drain() throws {
        condition.lock()
        defer { condition.unlock() }
        while !pending.isEmpty || inserting { condition.wait() }
        if let failure {
            self.failure = nil
            throw failure
        }
    }

    /// Ends the thread once the queue is empty (the store is going away).
    func stop() {
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
            let insert = pending.removeFirst()
            inserting = true
            condition.unlock()
            var error: (any Error)?
            do { try insert() } catch let failed { error = failed }
            condition.lock()
            inserting = false
            if let error, failure == nil {
                failure = error
                pending.removeAll()
            }
            condition.broadcast()
        }
        condition.unlock()
    }
}
