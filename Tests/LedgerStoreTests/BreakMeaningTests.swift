import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// breaks.csv's expected/actual mean the same in every ledger check (SPEC §5): expected is the
/// reference (what the postings add up to, or the bound), actual what the ledger holds, and
/// difference = actual − expected.
struct BreakMeaningTests {
    func fixture(_ backend: StoreBackend) throws -> LedgerFixture {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0),
                        ledger.points("t1", "alice", 500), ledger.points("t1", "bob", 0))
        _ = try ledger.apply(walletRow("alice", "bob", "10"), pointsRow("alice", "bob", "20"))
        #expect(try ledger.violations().isEmpty)
        return ledger
    }

    @Test(arguments: StoreBackend.all)
    func accountMatchesPostingsExpectsThePostingsSum(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        try ledger.tamper(onBalances: "balance = balance + 3", where: "user_id = 'bob' AND kind = 'wallet'")
        let found = try ledger.violations().filter { $0.check == .accountMatchesPostings }
        #expect(found.count == 1)
        #expect(found.first?.expected == 1_000 && found.first?.actual == 1_003 && found.first?.difference == 3)
    }

    @Test(arguments: StoreBackend.all)
    func balanceChainExpectsWhatThePreviousRecordLeft(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        try ledger.tamper("""
            UPDATE transfers SET credit_balance_after = credit_balance_after + 5 WHERE id = (SELECT t.id FROM transfers t
                JOIN accounts a ON a.id = t.credit_account WHERE a.user_id = 'bob' AND a.kind = 'wallet' AND t.credit_sequence = 1)
            """)
        let found = try ledger.violations().filter { $0.check == .balanceChain }
        // balance_after should be the previous balance_after + amount = 1000; the record holds 1005.
        #expect(found.first?.expected == 1_000 && found.first?.actual == 1_005 && found.first?.difference == 5, "\(found)")
    }

    @Test(arguments: StoreBackend.all)
    func trialBalanceExpectsTheOtherSide(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        try ledger.tamper(onBalances: "posted_credits = '22'", where: "user_id = 'bob' AND kind = 'points'")
        let trial = try ledger.violations().filter { $0.check == .trialBalance }
        // The other side (debits) is the bound; credits are what the accounts' posted totals hold.
        #expect(trial.first?.expected == 520 && trial.first?.actual == 522, "\(trial)")
        let account = try ledger.violations().filter { $0.check == .accountMatchesPostings }
        // What the postings add up to is the reference; the stored total is what the ledger holds.
        #expect(account.first?.expected == 20 && account.first?.actual == 22, "\(account)")
    }

    @Test(arguments: StoreBackend.all)
    func entriesBalancedNamesWhereTheLegIsWithoutAmounts(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        try ledger.tamper("""
            UPDATE transfers SET debit_account = credit_account WHERE id = (SELECT t.id FROM transfers t
                JOIN accounts a ON a.id = t.credit_account WHERE a.user_id = 'bob' AND a.kind = 'points' AND t.credit_sequence = 1)
            """)
        let found = try ledger.violations().filter { $0.check == .entriesBalanced }
        #expect(found.count == 1 && found.first?.detail.contains("same account") == true, "\(found)")
        #expect(found.first?.expected == nil && found.first?.actual == nil)
    }

    @Test(arguments: StoreBackend.all)
    func noNegativeBalanceExpectsTheBoundCrossed(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        try ledger.tamper(onBalances: "frozen_balance = balance + 7", where: "user_id = 'alice' AND kind = 'wallet'")
        try ledger.tamper(onBalances: "frozen_balance = -4", where: "user_id = 'bob' AND kind = 'wallet'")
        let found = try ledger.violations().filter { $0.check == .noNegativeBalance }
        let above = found.first { $0.userID == "alice" }, below = found.first { $0.userID == "bob" }
        #expect(above?.expected == 9_000 && above?.actual == 9_007 && above?.difference == 7)
        #expect(below?.expected == 0 && below?.actual == -4 && below?.difference == -4)
    }

    @Test(arguments: StoreBackend.all)
    func pointsIdentityExpectsWhatTheCountersSay(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        try ledger.tamper(onBalances: "total_earned = total_earned + 9", where: "user_id = 'bob' AND kind = 'points'")
        let found = try ledger.violations().filter { $0.check == .pointsIdentity }
        #expect(found.first?.expected == 29 && found.first?.actual == 20 && found.first?.difference == -9)
    }

    @Test(arguments: StoreBackend.all)
    func countersNearInt64MaxNeverWrapIntoAPass(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        // earned − spent − expired = 2^64 + 20, which wraps to the balance (20) in 64 bits; exact arithmetic sees the break.
        try ledger.tamper(onBalances: "total_earned = 9223372036854775807, total_spent = -9223372036854775807 - 1, expired_points = -21",
                          where: "user_id = 'bob' AND kind = 'points'")
        let found = try ledger.violations().filter { $0.check == .pointsIdentity }
        #expect(found.count == 1)
        #expect(found.first?.expected == Int128(UInt64.max) + 21 && found.first?.actual == 20)
    }

    @Test(arguments: StoreBackend.all)
    func extremeHandEditsAreBreaksNotCrashes(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        // A sequence with no successor, then the next record of the same account is checked after it.
        try ledger.tamper("""
            UPDATE transfers SET credit_sequence = 9223372036854775807 WHERE id = (SELECT t.id FROM transfers t
                JOIN accounts a ON a.id = t.credit_account WHERE a.user_id = 'alice' AND a.kind = 'wallet' AND t.credit_sequence = 1)
            """)
        // An account row id far beyond the others: the scan must not size a table by it.
        try ledger.tamper("""
            INSERT INTO accounts (id, account_id, tenant, kind, asset, user_id, opened_balance, opened_frozen_balance,
                opened_status, opened_application_id, opened_total_earned, opened_total_spent, opened_expired_points, created_at)
            VALUES (4000000000000000000, 'wlt_far', (SELECT id FROM tenants WHERE tenant_id = 't1'), 'wallet', 'CNY', 'zed',
                    0, 0, 'active', '', 0, 0, 0, 0)
            """)
        // PostgreSQL keys every table by tenant first (SPEC §7): its balance row names the tenant too.
        try ledger.tamper(ledger.sqlite != nil ? """
            INSERT INTO account_balances (id, status, balance, frozen_balance, version, last_sequence, updated_at)
            VALUES (4000000000000000000, 'active', 0, 0, 1, 0, 0)
            """ : """
            INSERT INTO account_balances (tenant, id, status, balance, frozen_balance, version, last_sequence, updated_at)
            VALUES ((SELECT id FROM tenants WHERE tenant_id = 't1'), 4000000000000000000, 'active', 0, 0, 1, 0, 0)
            """)
        let found = try ledger.violations()
        #expect(found.allSatisfy { $0.userID == "alice" }, "\(found)")
        let chain = found.filter { $0.check == .balanceChain }
        #expect(chain.count == 2, "sequence max after 0, then 2 after max: \(chain)")
        #expect(chain.contains { $0.expected == Int128(Int64.max) + 1 && $0.actual == 2 })
    }
}
