import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// Exactly-once application: explicit keys, derived keys, duplicates and conflicts (SPEC §2).
struct IdempotencyTests {
    func fixture(_ backend: StoreBackend) throws -> LedgerFixture {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0),
                        ledger.wallet("t2", "alice", 10_000, currency: "USD"), ledger.wallet("t2", "bob", 0, currency: "USD"))
        return ledger
    }

    @Test(arguments: StoreBackend.all)
    func sameKeySameContentIsADuplicateOfTheOriginal(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let first = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1"))[0]
        // `100` and `100.00` are the same amount; requested_at is not part of the fingerprint.
        var again = walletRow("alice", "bob", "1", key: "k1")
        again.requestedAt = "2026-05-01T00:00:00Z"
        let second = try ledger.apply(again)[0]
        #expect(first.status == "applied")
        #expect(second == .duplicate(originalTransferID: first.transferID!))
        #expect(ledger.balance("t1", .wallet, "CNY", "bob") == 100)
    }

    @Test(arguments: StoreBackend.all)
    func sameKeyDifferentContentIsAConflictNamingFieldsAndOrigin(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        _ = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1", description: "rent", line: 7))
        let outcome = try ledger.apply(walletRow("alice", "bob", "2.00", key: "k1", description: "房租", line: 9))[0]
        let message = try #require(outcome.rejection?.message)
        #expect(outcome.code == .idempotencyConflict)
        #expect(message.contains("amount, description"))
        #expect(message.contains("transfers.csv:7"))
        #expect(ledger.balance("t1", .wallet, "CNY", "bob") == 100)
    }

    @Test(arguments: StoreBackend.all)
    func keysAreScopedByTenant(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let outcomes = try ledger.apply(walletRow("alice", "bob", "1", key: "k1"),
                                        walletRow("alice", "bob", "1", tenant: "t2", currency: "USD", key: "k1"))
        #expect(outcomes.map(\.status) == ["applied", "applied"])
    }

    @Test(arguments: StoreBackend.all)
    func identicalKeylessRowsBothApplyAndAreDuplicatesOnReimport(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let rows = [walletRow("alice", "bob", "1"), walletRow("alice", "bob", "1"), walletRow("alice", "bob", "2")]
        let first = try ledger.apply(rows)
        #expect(first.map(\.status) == ["applied", "applied", "applied"])
        #expect(Set(first.compactMap(\.transferID)).count == 3)
        // The same file again: a new counter per file derives the same keys.
        ledger.keys = DerivedKeyCounter()
        let second = try ledger.apply(rows)
        #expect(second == first.map { .duplicate(originalTransferID: $0.transferID!) })
        #expect(ledger.balance("t1", .wallet, "CNY", "bob") == 400)
    }

    @Test(arguments: StoreBackend.all)
    func identicalRowsWithinOneBatchSeeEachOther(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let outcomes = try ledger.apply(walletRow("alice", "bob", "60", key: "a"), walletRow("alice", "bob", "60", key: "a"),
                                        walletRow("alice", "bob", "60", key: "b"))
        #expect(outcomes[0].status == "applied")
        #expect(outcomes[1] == .duplicate(originalTransferID: outcomes[0].transferID!))
        // The first 60.00 left 40.00: the batch sees its own earlier rows.
        #expect(outcomes[2].code == .insufficientBalance)
    }

    @Test(arguments: StoreBackend.all)
    func aRejectedRowDoesNotConsumeItsKey(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        #expect(try ledger.apply(walletRow("bob", "alice", "5", key: "later"))[0].code == .insufficientBalance)
        _ = try ledger.apply(walletRow("alice", "bob", "10", key: "funding"))
        #expect(try ledger.apply(walletRow("bob", "alice", "5", key: "later"))[0].status == "applied")
        #expect(ledger.balance("t1", .wallet, "CNY", "bob") == 500)
    }

    @Test func derivedKeysDependOnContentAndOccurrence() {
        var counter = DerivedKeyCounter()
        let first = counter.nextKey(content: ["a", "b"])
        let second = counter.nextKey(content: ["a", "b"])
        let other = counter.nextKey(content: ["ab", ""])
        #expect(first != second && first != other && second != other)
        #expect(first.hasPrefix(DerivedKeyCounter.prefix))
        var fresh = DerivedKeyCounter()
        #expect(fresh.nextKey(content: ["a", "b"]) == first)
    }

    @Test(arguments: StoreBackend.all)
    func snapshotsAreComparedNeverOverwritten(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        #expect(try ledger.open(ledger.wallet("t1", "alice", 10_000)) == [.unchanged])
        let outcome = try ledger.open(ledger.wallet("t1", "alice", 12_000, status: .frozen))[0]
        guard case .differs(let fields, let opened) = outcome else { Issue.record("expected differs, got \(outcome)"); return }
        #expect(fields.count == 2 && opened.balance == 10_000)
        #expect(fields[0].description.hasPrefix("balance: opened with 100.00"))
        #expect(ledger.balance("t1", .wallet, "CNY", "alice") == 10_000)
        #expect(try ledger.open(ledger.wallet("nowhere", "x", 1)) == [.invalid("unknown tenant 'nowhere'")])
        let badPoints = AccountSnapshot(tenantID: "t1", userID: "p", asset: Asset(pointsType: "cash_equivalent"), balance: 10,
                                        totalEarned: 5, totalSpent: 0)
        guard case .invalid = try ledger.open(badPoints)[0] else { Issue.record("contradictory counters must not open"); return }
        guard case .invalid = try ledger.open(ledger.wallet("t1", "over", 10, frozen: 11))[0] else { Issue.record("frozen > balance"); return }
    }
}
