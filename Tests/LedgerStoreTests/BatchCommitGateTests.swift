import Foundation
import GRDB
import LedgerCore
@testable import LedgerStore
import LedgerStorage
import Testing

/// SPEC §6: a writer checks before every batch that nobody else has written since its last
/// commit, and the run's own conditions hold; a batch that fails the gate is rolled back.
///
/// SQLite only: the gate reads SQLite's own commit counter and the intruder is a second connection
/// to the file. On PostgreSQL the run lock is the server's advisory lock (end-to-end `RunLockTests`).
struct BatchCommitGateTests {
    /// Another connection (another program, or a writer that got past the run lock) commits
    /// between two batches: the next batch is refused and rolled back.
    @Test func aCommitByAnotherConnectionStopsTheNextBatch() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        #expect(try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1")).first?.code == nil)

        let intruder = try DatabaseQueue(path: ledger.store.path)
        try intruder.write { try $0.execute(sql: "UPDATE tenants SET name = 'edited' WHERE tenant_id = 't2'") }
        try intruder.close()

        #expect(throws: BatchCommitGate.ForeignWrite.self) { try ledger.apply(walletRow("alice", "bob", "2.00", key: "k2")) }
        let keys = try ledger.store.queue.read { try String.fetchAll($0, sql: "SELECT idempotency_key FROM transfers WHERE entry_type = 'transfer'") }
        #expect(keys == ["k1"], "the refused batch was rolled back")
    }

    /// The writer's own commits never trip the gate, however many batches.
    @Test func theWritersOwnBatchesPass() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        for index in 0..<5 {
            #expect(try ledger.apply(walletRow("alice", "bob", "1.00", key: "k\(index)")).first?.code == nil)
        }
    }

    /// A condition the run adds (results.csv keeping up) that fails stops the batch before it commits.
    @Test func aFailingConditionRollsTheBatchBack() throws {
        struct ResultsBroken: Error {}
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        ledger.engine.commitConditions.append { throw ResultsBroken() }
        #expect(throws: ResultsBroken.self) { try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1")) }
        #expect(try ledger.store.queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM transfers WHERE entry_type = 'transfer'") } == 0)
        #expect(ledger.balance("t1", .wallet, "CNY", "alice") == 10_000, "the writer's memory was re-read after the rollback")
    }
}
