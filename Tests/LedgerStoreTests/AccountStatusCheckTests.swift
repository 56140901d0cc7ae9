import GRDB
import LedgerCore
@testable import LedgerStore
import Testing

/// `account_balances.status` keeps its rule after the v5 migration wrote it as comparisons
/// instead of an IN list (`LedgerSchema.rewriteStatusCheck`).
struct AccountStatusCheckTests {
    @Test
    func theStatusRuleStillRefusesAnUnknownStatus() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000))
        let definition = try ledger.store.queue.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'account_balances'") ?? ""
        }
        #expect(!definition.contains("IN ("))
        #expect(throws: (any Error).self) { try ledger.tamper(onBalances: "status = 'suspended'", where: "user_id = 'alice'") }
        try ledger.tamper(onBalances: "status = 'frozen'", where: "user_id = 'alice'")
        #expect(try ledger.strings("SELECT status FROM account_balances b JOIN accounts a ON a.id = b.id WHERE a.user_id = 'alice'") == ["frozen"])
    }

    @Test
    func aLedgerWithTheOldRuleIsRebuiltWithItsRowsAndView() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE accounts (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL);
                CREATE TABLE account_balances (
                    id INTEGER PRIMARY KEY REFERENCES accounts(id),
                    status TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'closed')),
                    balance INTEGER NOT NULL
                , posted_debits NOT NULL DEFAULT 0);
                CREATE VIEW account_view AS SELECT a.*, b.status, b.balance FROM accounts a JOIN account_balances b ON b.id = a.id;
                INSERT INTO accounts VALUES (7, 'alice'), (9, 'bob');
                INSERT INTO account_balances VALUES (7, 'frozen', 1250, '99999999999999999999'), (9, 'active', -3, 0);
                """)
            try LedgerSchema.rewriteStatusCheck(db)
            let rows = try Row.fetchAll(db, sql: "SELECT id, user_id, status, balance FROM account_view ORDER BY id")
            #expect(rows.map { "\($0[0] as Int64) \($0[1] as String) \($0[2] as String) \($0[3] as Int64)" } == ["7 alice frozen 1250", "9 bob active -3"])
            // The untyped total column keeps what it held, a total beyond Int64 as its text included.
            #expect(try String.fetchOne(db, sql: "SELECT typeof(posted_debits) || ' ' || posted_debits FROM account_balances WHERE id = 7")
                        == "text 99999999999999999999")
            #expect(throws: (any Error).self) { try db.execute(sql: "UPDATE account_balances SET status = 'gone' WHERE id = 9") }
        }
    }
}
