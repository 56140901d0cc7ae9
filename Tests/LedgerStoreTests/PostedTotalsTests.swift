import GRDB
import LedgerCore
@testable import LedgerStore
import LedgerStorage
import Testing

/// Each account's posted debit and credit totals live on the account (schema v3), so the trial
/// balance and account_matches_postings are O(accounts); they pass Int64 over years of history
/// and must stay exact (SPEC §6).
struct PostedTotalsTests {
    @Test(arguments: StoreBackend.all)
    func totalsPastInt64AreStoredExactlyAndStillCheck(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        // Half of Int64.max, in whole yuan (wallets: points would overflow their earned/spent counters first).
        let big: Int64 = (Int64.max / 2 / 100 + 1) * 100
        try ledger.open(ledger.wallet("t1", "alice", big), ledger.wallet("t1", "bob", 0))
        // There and back twice: each account's credits pass Int64.max.
        let amount = String(big / 100) + ".00"
        let outcomes = try ledger.apply(walletRow("alice", "bob", amount, key: "a"), walletRow("bob", "alice", amount, key: "b"),
                                        walletRow("alice", "bob", amount, key: "c"), walletRow("bob", "alice", amount, key: "d"))
        #expect(outcomes.map(\.status) == ["applied", "applied", "applied", "applied"])
        let stored = try ledger.reader.read { snapshot in
            try snapshot.accountTotals().filter { !$0.key.isSystem }.map { [$0.key.userID, String($0.credits), String($0.debits)] }
        }
        // alice: credited by her opening and twice by bob; bob: credited twice by alice.
        #expect(stored == [["alice", String(Int128(big) * 3), String(Int128(big) * 2)],
                           ["bob", String(Int128(big) * 2), String(Int128(big) * 2)]], "\(stored)")
        if backend.name == StoreBackend.sqlite.name {
            // Past Int64, SQLite keeps the total as its decimal text (`WideTotal`).
            let types = try ledger.store.queue.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT typeof(b.posted_credits) FROM account_balances b JOIN accounts a ON a.id = b.id WHERE a.is_system = 0")
            }
            #expect(types == ["text"])
        }
        #expect(try ledger.violations().isEmpty)
        let trial = try ledger.reader.read { try LedgerChecks(full: $0).trialBalanceLines }
        #expect(trial.first?.totalCredits == Int128(big) * 5 && trial.first?.totalDebits == Int128(big) * 5)
    }
}
