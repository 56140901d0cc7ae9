import GRDB
import LedgerCore
@testable import LedgerStore
import LedgerStorage
import Testing

/// Each batch rewrites the accounts it touched without their status, which no transfer changes
/// (`WriterStatements.updateBalance`: it skips the status CHECK's cost). A stored status that is
/// not the writer's must still be overwritten, and the balance with it.
struct BalanceWriteTests {
    @Test
    func aStoredStatusUnlikeTheWritersIsWrittenWithTheBalance() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        // Behind the writer's back: its cache still holds bob as active.
        try ledger.tamper(onBalances: "status = 'closed'", where: "user_id = 'bob'")
        let outcomes = try ledger.apply(walletRow("alice", "bob", "25.00", key: "k1"))
        #expect(outcomes.map(\.status) == ["applied"])
        let stored = try ledger.store.queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.user_id, b.status, b.balance FROM account_balances b JOIN accounts a ON a.id = b.id
                WHERE a.user_id IN ('alice', 'bob') ORDER BY a.user_id
                """).map { row -> [String] in [row[0], row[1], String(row[2] as Int64)] }
        }
        #expect(stored == [["alice", "active", "7500"], ["bob", "active", "2500"]], "\(stored)")
    }
}
