import GRDB
import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// A batch's transfers are inserted on the appender's thread (`TransferAppender`): an insert that
/// fails there must still fail the batch, which then leaves nothing behind.
struct TransferAppenderTests {
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
