import Foundation
import GRDB
import LedgerCore
@testable import LedgerStore
import LedgerStorage
import Testing

/// Deferred commits (`LedgerEngine.defersCommits`, `SQLiteWriteStore.inDeferredBatchTransaction`):
/// a batch's balance writes and commit run beside the next batch's decisions. What a run relies
/// on: the next batch decides exactly as if the one before had committed; a batch has committed
/// once the next one returns or `finishDeferredBatch` does; a commit that fails rolls the
/// waiting batch back and the engine re-reads its state; nothing else ever reads around a batch
/// that has not committed. SQLite only (PostgreSQL commits each batch before returning).
struct DeferredCommitTests {
    /// A ledger with alice (100.00) and bob (0.00), deferring commits.
    private func deferringLedger() throws -> LedgerFixture {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        ledger.engine.defersCommits = true
        return ledger
    }

    /// Transfers committed, as another program reading the file sees them (a connection of its own).
    private func committedKeys(_ ledger: LedgerFixture) throws -> [String] {
        let other = try DatabaseQueue(path: ledger.store.path)
        defer { try? other.close() }
        return try other.read { db in
            try String.fetchAll(db, sql: "SELECT idempotency_key FROM transfers WHERE entry_type = 'transfer' ORDER BY id")
        }
    }

    private func committedBalance(_ ledger: LedgerFixture, _ user: String) throws -> Int64? {
        let other = try DatabaseQueue(path: ledger.store.path)
        defer { try? other.close() }
        return try other.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT b.balance FROM account_balances b JOIN accounts a ON a.id = b.id WHERE a.user_id = ? AND a.kind = 'wallet'
                """, arguments: [user])
        }
    }

    @Test func aBatchCommitsWhenTheNextOneIsDecidedAndSeesItsRows() throws {
        let ledger = try deferringLedger()
        let first = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1"), walletRow("alice", "bob", "2.00", key: "k2"))
        guard case .applied(let firstID) = first[0] else { Issue.record("k1 applied: \(first[0])"); return }
        #expect(try committedKeys(ledger) == [], "the first batch waits for the next one")

        // The same key and content (a duplicate of the waiting batch's row), the same key with other
        // content (a conflict naming it), and a new key.
        let second = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1"), walletRow("alice", "bob", "9.00", key: "k2"),
                                      walletRow("alice", "bob", "4.00", key: "k3"))
        #expect(second[0] == .duplicate(originalTransferID: firstID))
        #expect(second[1].code == .idempotencyConflict)
        #expect(second[2].code == nil)
        #expect(try committedKeys(ledger) == ["k1", "k2"], "the first batch committed while the second was decided")
        #expect(try committedBalance(ledger, "alice") == 9_700, "with its balance writes")

        try ledger.engine.finishDeferredBatch()
        #expect(try committedKeys(ledger) == ["k1", "k2", "k3"])
        #expect(try committedBalance(ledger, "alice") == 9_300)
        #expect(try committedBalance(ledger, "bob") == 700)
        #expect(try ledger.violations() == [])
    }

    @Test func anotherUseOfTheStoreCommitsTheWaitingBatchFirst() throws {
        let ledger = try deferringLedger()
        _ = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1"))
        #expect(try committedKeys(ledger) == [])
        #expect(try ledger.engine.postingCount() == 4, "alice's opening entry and the transfer, read after the batch committed")
        #expect(try committedKeys(ledger) == ["k1"])
    }

    /// The waiting batch's commit fails (a condition of the run, e.g. results.csv cannot be
    /// written): the next batch's call throws, neither batch is in the ledger, the engine's memory
    /// is the ledger's, and the same batches applied again apply once each.
    @Test func aFailedCommitRollsTheWaitingBatchBack() throws {
        struct ResultsBroken: Error {}
        let ledger = try deferringLedger()
        var commits = 0
        ledger.engine.commitConditions.append {
            commits += 1
            if commits == 2 { throw ResultsBroken() }
        }
        _ = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1"))
        _ = try ledger.apply(walletRow("alice", "bob", "2.00", key: "k2"))
        #expect(try committedKeys(ledger) == ["k1"])
        #expect(throws: ResultsBroken.self) { _ = try ledger.apply(walletRow("alice", "bob", "4.00", key: "k3")) }
        #expect(try committedKeys(ledger) == ["k1"], "k2's batch (waiting) and k3's were rolled back")
        #expect(ledger.balance("t1", .wallet, "CNY", "alice") == 9_900, "the engine re-read its state")

        let again = try ledger.apply(walletRow("alice", "bob", "2.00", key: "k2"), walletRow("alice", "bob", "1.00", key: "k1"),
                                     walletRow("alice", "bob", "4.00", key: "k3"))
        #expect(again[0].code == nil && again[2].code == nil)
        guard case .duplicate = again[1] else { Issue.record("k1 is a duplicate: \(again[1])"); return }
        try ledger.engine.finishDeferredBatch()
        #expect(try committedKeys(ledger) == ["k1", "k2", "k3"])
        #expect(try committedBalance(ledger, "alice") == 9_300)
        #expect(try ledger.violations() == [])
    }

    /// Another connection commits before a batch (a waiting batch holds the write lock, so it
    /// cannot get in later): the batch's deferred commit is refused (SPEC §6), the batch is rolled
    /// back, and the error reaches the call that finishes it.
    @Test func aForeignWriteStopsTheWaitingBatch() throws {
        let ledger = try deferringLedger()
        _ = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1"))
        try ledger.engine.finishDeferredBatch()
        let intruder = try DatabaseQueue(path: ledger.store.path)
        try intruder.write { try $0.execute(sql: "UPDATE tenants SET name = 'edited' WHERE tenant_id = 't2'") }
        try intruder.close()
        _ = try ledger.apply(walletRow("alice", "bob", "2.00", key: "k2"))
        #expect(throws: BatchCommitGate.ForeignWrite.self) { try ledger.engine.finishDeferredBatch() }
        #expect(try committedKeys(ledger) == ["k1"])
        #expect(ledger.balance("t1", .wallet, "CNY", "alice") == 9_900)
    }

    /// A dry run's batches are savepoints of one transaction: nothing is deferred, nothing stays.
    @Test func aDryRunDefersNothing() throws {
        let ledger = try deferringLedger()
        try ledger.engine.beginDryRun()
        #expect(try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1")).first?.code == nil)
        #expect(try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1")).first.map { if case .duplicate = $0 { true } else { false } } == true)
        try ledger.engine.rollBackDryRun()
        #expect(try committedKeys(ledger) == [])
    }
}
