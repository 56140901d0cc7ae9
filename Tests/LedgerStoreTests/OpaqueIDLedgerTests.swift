import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// Ids are opaque bytes (SPEC §2): two ids that Swift's `String ==` calls equal because they are
/// canonically equivalent are still two tenants, two users, in memory as in the database.
struct OpaqueIDLedgerTests {
    /// `t_café` with é composed (U+00E9) and decomposed (e + U+0301): `==` as Swift Strings.
    static let cafeComposed = "t_caf\u{E9}"
    static let cafeDecomposed = "t_cafe\u{301}"
    static let joseComposed = "jos\u{E9}"
    static let joseDecomposed = "jose\u{301}"

    func fixture(_ backend: StoreBackend) throws -> LedgerFixture {
        #expect(Self.cafeComposed == Self.cafeDecomposed, "the premise: Swift Strings join them")
        let ledger = try backend.fixture(tenants: [
            TenantConfig(tenantID: Self.cafeComposed, name: "Café composed", transferEnabled: true),
            TenantConfig(tenantID: Self.cafeDecomposed, name: "Café decomposed", transferEnabled: true),
        ])
        try ledger.open(
            ledger.wallet(Self.cafeComposed, "alice", 10_000), ledger.wallet(Self.cafeComposed, "bob", 0),
            ledger.wallet(Self.cafeDecomposed, "bob", 0), ledger.wallet(Self.cafeDecomposed, "carol", 500),
            ledger.wallet(Self.cafeComposed, Self.joseComposed, 1_000), ledger.wallet(Self.cafeComposed, Self.joseDecomposed, 0)
        )
        return ledger
    }

    @Test(arguments: StoreBackend.all)
    func tenantsThatDifferOnlyInNormalisationAreTwoTenants(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        #expect(ledger.engine.tenants.count == 2)
        #expect(ledger.engine.tenants[Self.cafeDecomposed]?.name == "Café decomposed")
        // alice exists only in the composed tenant: a transfer in the decomposed one cannot find her.
        let outcomes = try ledger.apply(walletRow("alice", "bob", "1.00", tenant: Self.cafeDecomposed, key: "k1"),
                                        walletRow("carol", "bob", "2.00", tenant: Self.cafeDecomposed, key: "k2"))
        #expect(outcomes.map(\.code) == [.notFound, nil])
        #expect(ledger.balance(Self.cafeComposed, .wallet, "CNY", "alice") == 10_000)
        #expect(ledger.balance(Self.cafeComposed, .wallet, "CNY", "bob") == 0)
        #expect(ledger.balance(Self.cafeDecomposed, .wallet, "CNY", "bob") == 200)
        #expect(try ledger.violations().isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func usersThatDifferOnlyInNormalisationAreTwoUsers(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let outcomes = try ledger.apply(
            walletRow(Self.joseDecomposed, "alice", "5.00", tenant: Self.cafeComposed, key: "k1"),
            walletRow(Self.joseComposed, Self.joseDecomposed, "3.00", tenant: Self.cafeComposed, key: "k2")
        )
        // The decomposed josé has nothing to spend; the composed one may pay him (no self-transfer).
        #expect(outcomes.map(\.code) == [.insufficientBalance, nil])
        #expect(ledger.balance(Self.cafeComposed, .wallet, "CNY", Self.joseComposed) == 700)
        #expect(ledger.balance(Self.cafeComposed, .wallet, "CNY", Self.joseDecomposed) == 300)
        #expect(ledger.balance(Self.cafeComposed, .wallet, "CNY", "alice") == 10_000)
        #expect(try ledger.violations().isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func idempotencyKeysAreScopedByTheTenantsBytes(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let outcomes = try ledger.apply(walletRow("alice", "bob", "1.00", tenant: Self.cafeComposed, key: "same"),
                                        walletRow("carol", "bob", "1.00", tenant: Self.cafeDecomposed, key: "same"))
        #expect(outcomes.map(\.status) == ["applied", "applied"])
    }

    @Test(arguments: StoreBackend.all)
    func anEntryMovedToTheLookAlikeTenantIsABreak(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        _ = try ledger.apply(walletRow("alice", "bob", "1.00", tenant: Self.cafeComposed, key: "k1"))
        #expect(try ledger.violations().isEmpty)
        // Every sum still holds; only the entry's tenant no longer owns the accounts it posts to.
        try ledger.tamper("""
            UPDATE transfers SET tenant = (SELECT id FROM tenants WHERE tenant_id = '\(Self.cafeDecomposed)')
            WHERE idempotency_key = 'k1'
            """)
        let found = try ledger.violations()
        #expect(found.map(\.check) == [.entriesBalanced], "\(found)")
        #expect(found.first?.detail.contains("another tenant's or asset's account") == true)
        #expect(found.first.map { OpaqueID.sameBytes($0.tenantID, Self.cafeDecomposed) } == true)
    }

    @Test(arguments: StoreBackend.all)
    func aLegMovedToTheLookAlikeUserIsABreak(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        _ = try ledger.apply(walletRow("alice", Self.joseComposed, "1.00", tenant: Self.cafeComposed, key: "k1"))
        // The entry's user is its account's: moving the credit leg to the decomposed josé's
        // wallet is a leg on another account, whose chain and totals no longer hold.
        try ledger.tamper("""
            UPDATE transfers SET credit_account = (SELECT id FROM accounts WHERE \(ledger.bytes("user_id")) = \(ledger.bytes("'\(Self.joseDecomposed)'")))
            WHERE idempotency_key = 'k1'
            """)
        let found = try ledger.violations()
        #expect(Set(found.map(\.check)) == [.balanceChain, .accountMatchesPostings], "\(found)")
        #expect(found.contains { OpaqueID.sameBytes($0.userID, Self.joseDecomposed) })
        #expect(found.contains { OpaqueID.sameBytes($0.userID, Self.joseComposed) })
    }
}
