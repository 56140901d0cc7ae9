import GRDB
import LedgerCore
@testable import LedgerStore
import LedgerStorage
import Testing

/// A batch's transfers are inserted on the inserter's thread (`SQLiteWriteStore.inserter`, a `SerialWorker`): an insert that
/// fails there must still fail the batch, which then leaves nothing behind.
struct BatchInserterTests {
    @Test
    func aFailedInsertFailsTheBatchAndRollsItBack() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        let before = try transferCount(ledger)
        try ledger.tamper("CREATE TRIGGER refuse_line_3 BEFORE INSERT ON transfers WHEN NEW.line = 3 BEGIN SELECT RAISE(ABORT, 'refused'); END")
        #expect(throws: (any Error).self) {
            try ledger.apply(walletRow("alice", "bob", "10.00", key: "k1", line: 2), walletRow("alice", "bob", "20.00", key: "k2", line: 3))
        }
        #expect(try transferCount(ledger) == before)
        // Nothing of the batch stays, in the file or in the writer's memory: the same rows apply once the file lets them.
        try ledger.tamper("DROP TRIGGER refuse_line_3")
        let outcomes = try ledger.apply(walletRow("alice", "bob", "10.00", key: "k1", line: 2),
                                        walletRow("alice", "bob", "20.00", key: "k2", line: 3))
        #expect(outcomes.map(\.status) == ["applied", "applied"])
        #expect(try transferCount(ledger) == before + 2)
        #expect(ledger.balance("t1", .wallet, "CNY", "bob") == 3_000)
        #expect(try ledger.violations().isEmpty)
    }

    private func transferCount(_ ledger: LedgerFixture) throws -> Int {
        try ledger.store.queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transfers") ?? 0 }
    }
}

/// New accounts are inserted on the inserter's thread with row ids the store issues: a refused
/// account insert fails its batch, and the ids it had issued are issued again afterwards.
struct BatchInsertedAccountTests {
    @Test
    func aFailedAccountInsertFailsTheBatchAndItsIDsAreIssuedAgain() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000))
        let before = try rowIDs(ledger)
        try ledger.tamper("CREATE TRIGGER refuse_carol BEFORE INSERT ON accounts WHEN NEW.user_id = 'carol' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        #expect(throws: (any Error).self) {
            try ledger.open(ledger.wallet("t1", "bob", 500), ledger.wallet("t1", "carol", 700))
        }
        let afterFailure = try rowIDs(ledger)
        #expect(afterFailure == before)
        try ledger.tamper("DROP TRIGGER refuse_carol")
        try ledger.open(ledger.wallet("t1", "bob", 500), ledger.wallet("t1", "carol", 700))
        let ids = try rowIDs(ledger)
        // The failed batch left no row, and the ids go on from the highest stored one without a gap.
        #expect(ids.count == afterFailure.count + 2)
        #expect(ids == Array(1...Int64(ids.count)))
        #expect(ledger.balance("t1", .wallet, "CNY", "carol") == 700)
        #expect(try ledger.violations().isEmpty)
    }

    private func rowIDs(_ ledger: LedgerFixture) throws -> [Int64] {
        try ledger.store.queue.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM accounts ORDER BY id") }
    }
}
