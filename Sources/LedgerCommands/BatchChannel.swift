import Foundation

/// A bounded hand-off between the thread that reads and validates CSV rows and the thread that
/// applies them to the ledger, so parsing, hashing and SQLite work on the two cores at once.
///
/// At most `capacity` items wait; the reader blocks beyond that, so memory stays at a few
/// batches however long the file is.
final class BatchChannel<Item: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Producer: waits while full. Returns false when the consumer has given up.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Producer: waits until the consumer has taken everything sent so far. Returns false when
    /// the consumer has given up.
    ///
    /// A producer much faster than its consumer calls it before making the next item, so that it
    /// is one item ahead rather than one in the channel and another finished in its hands: the
    /// next item is still made while the consumer works on the one it just took.
    func waitUntilTaken() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !items.isEmpty && !cancelled { condition.wait() }
        return !cancelled
    }

    /// Producer: no more items; `error` is rethrown to the consumer after the items already sent.
    func finish(error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Producer: runs `produce` on a thread of its own, named `name`, and finishes the channel when
    /// it returns or throws (the error reaches the consumer after the items already sent).
    func startProducer(named name: String, _ produce: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            do {
                try produce()
                finish()
            } catch {
                finish(error: error)
            }
        }
        thread.name = name
        thread.start()
    }

    /// Consumer: `body` for every item, in order, until the producer finished. On any error, the
    /// producer's or `body`'s, the producer is stopped and the error rethrown.
    func forEach(_ body: (Item) throws -> Void) throws {
        try forEach(whenIdle: {}, body)
    }

    /// Consumer: as `forEach`, calling `idle` (on the consumer's thread, outside the channel's
    /// lock) before it waits for an item that is not there yet: the consumer's chance to finish
    /// what it would otherwise leave open while it waits (the run commits its waiting batch).
    func forEach(whenIdle idle: () throws -> Void, _ body: (Item) throws -> Void) throws {
        do {
            while true {
                if !hasItemOrEnd { try idle() }
                guard let item = try take() else { return }
                try body(item)
            }
        } catch {
            cancel()
            throw error
        }
    }

    /// An item is waiting, or the producer has finished: `take` returns without waiting.
    private var hasItemOrEnd: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !items.isEmpty || finished
    }

    /// Consumer: the next item, or nil once the producer finished and everything was taken.
    func take() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if !items.isEmpty {
            condition.broadcast()
            return items.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer: stop the producer (it sees `put` return false).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
