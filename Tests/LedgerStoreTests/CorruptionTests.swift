import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// A deliberately corrupted database makes the matching check report exactly that violation.
struct CorruptionTests {
    func fixture() throws -> LedgerFixture {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0),
                        ledger.points("t1", "alice", 500), ledger.points("t1", "bob", 0))
        _ = try ledger.apply(walletRow("alice", "bob", "10"), walletRow("alice", "bob", "5"), pointsRow("alice", "bob", "20"))
        #expect(try ledger.violations().isEmpty)
        return ledger
    }

    @Test func aChangedAmountBreaksBothChainsAndTheirTotals() throws {
        let ledger = try fixture()
        try ledger.tamper("""
            UPDATE transfers SET amount = 1001 WHERE id = (SELECT t.id FROM transfers t JOIN accounts a ON a.id = t.credit_account
                WHERE a.user_id = 'bob' AND a.kind = 'wallet' AND t.credit_sequence = 1)
            """)
        let found = try ledger.violations()
        #expect(found.contains { $0.check == .balanceChain && $0.userID == "bob" })
        #expect(found.contains { $0.check == .balanceChain && $0.userID == "alice" })
        #expect(found.contains { $0.check == .accountMatchesPostings && $0.userID == "bob" })
        #expect(found.contains { $0.check == .accountMatchesPostings && $0.userID == "alice" })
        #expect(!found.contains { $0.asset?.kind == .points })
    }

    @Test func aLegMovedToAnotherAssetUnbalancesItsEntry() throws {
        let ledger = try fixture()
        // The CNY transfer's credit leg now lands on bob's points account.
        try ledger.tamper("""
            UPDATE transfers SET credit_account = (SELECT id FROM accounts WHERE user_id = 'bob' AND kind = 'points')
            WHERE id = (SELECT t.id FROM transfers t JOIN accounts a ON a.id = t.credit_account
                        WHERE a.user_id = 'bob' AND a.kind = 'wallet' AND t.credit_sequence = 1)
            """)
        let found = try ledger.violations()
        let unbalanced = found.filter { $0.check == .entriesBalanced }
        #expect(unbalanced.count == 1)
        #expect(unbalanced.first?.detail.contains("another tenant's or asset's account") == true)
        #expect(found.contains { $0.check == .accountMatchesPostings && $0.userID == "bob" && $0.asset?.kind == .points })
    }

    @Test func aChangedPostedTotalUnbalancesTheTrialBalance() throws {
        let ledger = try fixture()
        try ledger.tamper(onBalances: "posted_credits = '1'", where: "user_id = 'bob' AND kind = 'wallet'")
        let found = try ledger.violations()
        #expect(found.contains { $0.check == .trialBalance && $0.tenantID == "t1" && $0.asset?.code == "CNY" })
        #expect(found.contains { $0.check == .accountMatchesPostings && $0.userID == "bob" })
        #expect(!found.contains { $0.asset?.kind == .points })
    }

    @Test func aChangedBalanceNoLongerMatchesItsPostings() throws {
        let ledger = try fixture()
        try ledger.tamper(onBalances: "balance = balance + 1", where: "user_id = 'alice' AND kind = 'wallet'")
        let found = try ledger.violations()
        #expect(found.map(\.check) == [.accountMatchesPostings])
        #expect(found.first?.userID == "alice" && found.first?.difference == 1)
    }

    @Test func aBrokenChainLinkIsFound() throws {
        let ledger = try fixture()
        // Both balances of one record shift together (balance_before is derived from
        // balance_after): the record is self-consistent, its links to the previous and next are not.
        try ledger.tamper("""
            UPDATE transfers SET credit_balance_after = credit_balance_after + 7
            WHERE id = (SELECT t.id FROM transfers t JOIN accounts a ON a.id = t.credit_account
                        WHERE a.user_id = 'bob' AND a.kind = 'wallet' AND t.credit_sequence = 2)
            """)
        let found = try ledger.violations()
        #expect(Set(found.map(\.check)) == [.balanceChain, .accountMatchesPostings] && found.count == 2)
        let chain = found.first { $0.check == .balanceChain }
        #expect(chain?.userID == "bob" && chain?.detail.contains("sequence 2") == true)
        #expect(found.first { $0.check == .accountMatchesPostings }?.detail.contains("last record's balance_after") == true)
    }

    @Test func negativeBalancesAndPointsIdentity() throws {
        let ledger = try fixture()
        try ledger.tamper(onBalances: "frozen_balance = balance + 1", where: "user_id = 'bob' AND kind = 'wallet'")
        try ledger.tamper(onBalances: "total_spent = total_spent + 3", where: "user_id = 'alice' AND kind = 'points'")
        let found = try ledger.violations()
        #expect(Set(found.map(\.check)) == [.noNegativeBalance, .pointsIdentity])
        #expect(found.first { $0.check == .pointsIdentity }?.userID == "alice")
    }

    @Test func everyViolationIsListedNotJustTheFirst() throws {
        let ledger = try fixture()
        try ledger.tamper(onBalances: "balance = balance + 1", where: "user_id IN ('alice', 'bob')")
        #expect(try ledger.violations().filter { $0.check == .accountMatchesPostings }.count == 4)
    }
}
