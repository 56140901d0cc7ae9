import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// The checks keep each account's numbers only, not its ids (issue 8: memory small per account),
/// and name the accounts their violations are about with one more pass over the accounts; the
/// writer's cache keeps an account id in 17 bytes inline instead of a String on the heap.
struct CheckedAccountsTests {
    @Test(arguments: StoreBackend.all)
    func violationsFoundAfterTheScanNameTheirAccount(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0), ledger.points("t1", "carol", 5))
        _ = try ledger.apply(walletRow("alice", "bob", "10"))
        #expect(try ledger.violations().isEmpty)
        try ledger.tamper(onBalances: "balance = balance + 3", where: "user_id = 'bob' AND kind = 'wallet'")
        try ledger.tamper("""
            UPDATE transfers SET credit_balance_after = credit_balance_after + 5 WHERE id = (SELECT t.id FROM transfers t
                JOIN accounts a ON a.id = t.credit_account WHERE a.user_id = 'carol' AND a.kind = 'points' AND t.credit_sequence = 1)
            """)
        let bobID = try #require(ledger.reader.read { try $0.accountTotals() }.first { $0.key.userID == "bob" }?.accountID)
        let carolID = try #require(ledger.reader.read { try $0.accountTotals() }.first { $0.key.userID == "carol" }?.accountID)
        let violations = try ledger.violations()
        let account = violations.filter { $0.check == .accountMatchesPostings }
        // Carol's (points first in account order), whose record no longer ends where her balance is, and Bob's stored balance.
        #expect(account.map(\.userID) == ["carol", "bob"], "\(account)")
        #expect(account.last?.tenantID == "t1" && account.last?.detail.hasPrefix("account \(bobID): stored balance differs") == true,
                "\(account)")
        let chain = violations.filter { $0.check == .balanceChain }
        #expect(chain.count == 1 && chain.first?.userID == "carol" && chain.first?.tenantID == "t1", "\(chain)")
        #expect(chain.first?.detail.hasPrefix("account \(carolID): record ") == true, "\(chain)")
    }

    /// The scan visits rows in blocks (`LedgerScan.prefetchedRows`), their accounts prefetched
    /// first: across several blocks, a sound ledger has no violation, and one edited leg deep in
    /// the scan is found on its own account only.
    @Test(arguments: StoreBackend.all)
    func aScanOfManyBlocksFindsABreakOnItsOwnAccount(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.engine.open((0..<50).map { ledger.wallet("t1", "u\($0)", 1_000_000) })
        for batch in 0..<4 {
            let rows = (0..<100).map { row in
                let number = batch * 100 + row
                return walletRow("u\(number % 50)", "u\((number * 7 + 1) % 50)", "1.00", key: "many-\(number)", line: row + 2)
            }
            #expect(try ledger.apply(rows).allSatisfy { if case .applied = $0 { true } else { false } })
        }
        #expect(try ledger.violations().isEmpty)
        // The 300th transfer (after 50 openings) credits u((299 * 7 + 1) % 50) = u44.
        try ledger.tamper("UPDATE transfers SET credit_balance_after = credit_balance_after + 5 WHERE id = 350")
        let chain = try ledger.violations().filter { $0.check == .balanceChain }
        #expect(!chain.isEmpty && chain.allSatisfy { $0.userID == "u44" }, "\(chain)")
    }

    @Test(arguments: ["wlt_01M80V4SDW55KZKWV6TCP0WNYS", "sys_01M80V4SDW55KZKWV6TCP0WNYR", "01M80V4SDW55KZKWV6TCP0WNYT"])
    func accountIDsTheWriterIssuesArePackedInline(_ id: String) {
        let packed = CachedAccountID(id)
        guard case .ulid = packed else { Issue.record("\(id) kept as text"); return }
        #expect(packed.text == id)
    }

    @Test(arguments: ["wlt_01m80v4sdw55kzkwv6tcp0wnys", "acc_1", "", "wlt_", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "txn_01M80V4SDW55KZKWV6TCP0WNYS"])
    func otherAccountIDsAreKeptAsTheyAre(_ id: String) {
        let packed = CachedAccountID(id)
        guard case .text = packed else { Issue.record("\(id) packed, but it does not print back the same"); return }
        #expect(packed.text == id)
    }

    @Test func aCachedAccountTakes192Bytes() {
        #expect(MemoryLayout<CachedAccount>.stride <= 192)
        #expect(MemoryLayout<AccountKey>.stride <= 56)
    }
}
