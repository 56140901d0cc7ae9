import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

extension SnapshotOutcome {
    var isOpened: Bool { if case .opened = self { true } else { false } }
}

/// Every rejection code of SPEC §2, and the order in which they are decided.
struct RejectionTests {
    func fixture(_ backend: StoreBackend) throws -> LedgerFixture {
        let ledger = try backend.fixture()
        try ledger.open(
            ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 500),
            ledger.wallet("t1", "frozen", 10_000, status: .frozen), ledger.wallet("t1", "closed", 0, status: .closed),
            ledger.wallet("t1", "held", 10_000, frozen: 9_000), ledger.wallet("t1", "rich", Int64.max - 10, currency: "JPY"),
            // Opening equity can absorb down to −Int64.max: this opening fills it to the last unit.
            ledger.wallet("t1", "alice", 10, currency: "JPY"),
            ledger.points("t1", "alice", 1_000), ledger.points("t1", "bob", 0),
            ledger.points("t2", "carol", 1_000, type: "miles"), ledger.points("t2", "dave", 0, type: "miles")
        )
        return ledger
    }

    @Test(arguments: StoreBackend.all, [
        (TransferRow(kind: "", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1", currency: "CNY"), "missing required value: kind"),
        (TransferRow(kind: "wallet", tenantID: "", fromUserID: "alice", toUserID: "bob", amount: "1", currency: "CNY"), "missing required value: tenant_id"),
        (TransferRow(kind: "wallet", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "", currency: "CNY"), "missing required value: amount"),
        (TransferRow(kind: "cash", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1"), "unknown kind"),
        (TransferRow(kind: "wallet", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1"), "missing required value: currency"),
        (TransferRow(kind: "wallet", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1", currency: "XXX"), "unknown currency"),
        (TransferRow(kind: "points", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1", currency: "CNY"), "take no currency"),
        (TransferRow(kind: "wallet", tenantID: "t1", fromUserID: "alice", toUserID: "alice", amount: "1", currency: "CNY"), "self-transfer"),
        (TransferRow(kind: "points", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1", reason: String(repeating: "理", count: 201)), "reason is 201 characters"),
        (TransferRow(kind: "points", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1", idempotencyKey: String(repeating: "k", count: 129)), "idempotency_key is 129 characters"),
        (TransferRow(kind: "points", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1", requestedAt: "2026-02-30T00:00:00Z"), "not an RFC 3339"),
        (TransferRow(kind: "points", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1", recordProblem: "record has 3 fields, header has 12"), "record has 3 fields"),
        // invalid_request wins over invalid_amount and everything after it.
        (TransferRow(kind: "wallet", tenantID: "nope", fromUserID: "x", toUserID: "x", amount: "-1", currency: "CNY"), "self-transfer"),
    ])
    func invalidRequest(_ backend: StoreBackend, row: (TransferRow, String)) throws {
        let (row, message) = row
        let outcome = try fixture(backend).apply(row)[0]
        #expect(outcome.code == .invalidRequest)
        #expect(outcome.rejection?.message.contains(message) == true, "\(outcome)")
    }

    @Test(arguments: StoreBackend.all)
    func invalidRequestAllowsExactLimits(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let row = TransferRow(kind: "POINTS", tenantID: "t1", fromUserID: "alice", toUserID: "bob",
                              amount: "1", idempotencyKey: String(repeating: "k", count: 128), reason: String(repeating: "理", count: 200))
        #expect(try ledger.apply(row)[0].status == "applied")
    }

    @Test(arguments: StoreBackend.all, ["0", "-5", "1,000.00", "1e3", "+5", "12.", ".5", "100.000", "１００", "99999999999999999999"])
    func invalidAmount(_ backend: StoreBackend, amount: String) throws {
        // Unknown tenant too: invalid_amount is decided before not_found.
        let outcome = try fixture(backend).apply(walletRow("alice", "bob", amount, tenant: "nowhere"))[0]
        #expect(outcome.code == .invalidAmount, "\(amount): \(outcome)")
    }

    @Test(arguments: StoreBackend.all)
    func pointsAmountsAreWhole(_ backend: StoreBackend) throws {
        #expect(try fixture(backend).apply(pointsRow("alice", "bob", "1.5"))[0].code == .invalidAmount)
    }

    @Test(arguments: StoreBackend.all)
    func notFound(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let outcomes = try ledger.apply(
            walletRow("alice", "bob", "1", tenant: "nowhere"), walletRow("ghost", "bob", "1"), walletRow("alice", "ghost", "1"),
            walletRow("alice", "bob", "1", currency: "USD"), pointsRow("alice", "frozen", "1"),
            // not_found comes before transfer_disabled: t2 disables points transfers.
            pointsRow("ghost", "dave", "1", tenant: "t2")
        )
        #expect(outcomes.map(\.code) == Array(repeating: .notFound, count: 6))
        #expect(outcomes[1].rejection?.message.contains("sender 'ghost' has no CNY wallet") == true)
        #expect(outcomes[2].rejection?.message.contains("receiver 'ghost'") == true)
    }

    @Test(arguments: StoreBackend.all)
    func transferDisabledOnlyForPoints(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        try ledger.open(ledger.wallet("t2", "carol", 1_000, currency: "USD"), ledger.wallet("t2", "dave", 0, currency: "USD"))
        let outcomes = try ledger.apply(
            pointsRow("carol", "dave", "10", tenant: "t2"), walletRow("carol", "dave", "1.00", tenant: "t2", currency: "USD")
        )
        #expect(outcomes[0].code == .transferDisabled)
        #expect(outcomes[1].status == "applied")
    }

    @Test(arguments: StoreBackend.all)
    func accountInactive(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let outcomes = try ledger.apply(
            walletRow("frozen", "bob", "1"), walletRow("alice", "frozen", "1"), walletRow("alice", "closed", "1"),
            // account_inactive comes before insufficient_balance.
            walletRow("closed", "bob", "1")
        )
        #expect(outcomes.map(\.code) == Array(repeating: .accountInactive, count: 4))
    }

    @Test(arguments: StoreBackend.all)
    func insufficientBalanceCountsFrozenFunds(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let outcomes = try ledger.apply(
            walletRow("held", "bob", "10.01"), walletRow("held", "bob", "10.00"), walletRow("bob", "alice", "15.01"),
            pointsRow("alice", "bob", "1001")
        )
        #expect(outcomes.map(\.code) == [.insufficientBalance, nil, .insufficientBalance, .insufficientBalance])
        #expect(outcomes[0].rejection?.message.contains("10.00 available (balance 100.00, frozen 90.00), needs 10.01") == true)
        #expect(ledger.balance("t1", .wallet, "CNY", "held") == 9_000)
    }

    @Test(arguments: StoreBackend.all)
    func receiverOverflowIsInvalidAmount(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        // All of an asset's user balances together never exceed what opening equity can hold, so
        // a receiver's balance cannot overflow; its lifetime total_earned can.
        let churned = AccountSnapshot(tenantID: "t1", userID: "churned", asset: Asset(pointsType: "cash_equivalent"),
                                      balance: 0, totalEarned: Int64.max - 5, totalSpent: Int64.max - 5)
        #expect(try ledger.open(churned).first?.isOpened == true)
        let outcomes = try ledger.apply(pointsRow("alice", "churned", "5"), pointsRow("alice", "churned", "1"))
        #expect(outcomes[0].status == "applied")
        #expect(outcomes[1].code == .invalidAmount)
        #expect(outcomes[1].rejection?.message.contains("overflow") == true)
        #expect(ledger.balance("t1", .points, "cash_equivalent", "churned") == 5)
        #expect(try ledger.violations().isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func openingEquityBoundsEveryBalance(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        #expect(try ledger.apply(walletRow("alice", "rich", "10", currency: "JPY"))[0].status == "applied")
        #expect(ledger.balance("t1", .wallet, "JPY", "rich") == Int64.max)
        #expect(try ledger.open(ledger.wallet("t1", "more", 1, currency: "JPY")) == [.invalid("opening balance 1 overflows the tenant's opening equity")])
        #expect(try ledger.violations().isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func idempotencyComesBeforeStatefulChecks(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        _ = try ledger.apply(walletRow("alice", "bob", "1", key: "k1"))
        // The same key with other content and an unknown receiver: the conflict is reported, not not_found.
        let outcome = try ledger.apply(walletRow("alice", "ghost", "1", key: "k1"))[0]
        #expect(outcome.code == .idempotencyConflict)
        // invalid_amount is decided before the idempotency look-up.
        #expect(try ledger.apply(walletRow("alice", "bob", "0", key: "k1"))[0].code == .invalidAmount)
    }
}
