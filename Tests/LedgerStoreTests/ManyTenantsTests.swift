import LedgerCore
import LedgerStorage
import Testing

/// A ledger of more tenants than PostgreSQL's scans merge one walk per tenant for (above 64 they
/// read the table in one ordered statement instead): every scan still sees every transfer once,
/// in row id order, and the checks and the hash chain pass, then name a tampered tenant.
struct ManyTenantsTests {
    static let tenantCount = 70

    static func tenantID(_ number: Int) -> String { "t" + String(number + 100).dropFirst() }

    @Test(arguments: StoreBackend.all)
    func scansOverSeventyTenantsSeeEveryTransferInOrder(_ backend: StoreBackend) throws {
        let tenants = (0..<Self.tenantCount).map { TenantConfig(tenantID: Self.tenantID($0), name: "Tenant \($0)", transferEnabled: true) }
        let ledger = try backend.fixture(tenants: tenants)
        for number in 0..<Self.tenantCount {
            let tenant = Self.tenantID(number)
            try ledger.open(ledger.wallet(tenant, "alice", 10_000), ledger.wallet(tenant, "bob", 0))
        }
        // Round after round across the tenants, so consecutive row ids belong to different tenants.
        var rows: [TransferRow] = []
        for round in 0..<3 {
            for number in 0..<Self.tenantCount {
                rows.append(walletRow("alice", "bob", "1.0\(round)", tenant: Self.tenantID(number), key: "k\(round)",
                                      line: rows.count + 2))
            }
        }
        let outcomes = try ledger.apply(rows)
        #expect(outcomes.allSatisfy { $0.rejection == nil })

        let rowIDs = try ledger.reader.read { snapshot in
            var seen: [Int64] = []
            try snapshot.forEachTransfer(after: 0) { seen.append($0.rowID) }
            return seen
        }
        // Per tenant alice's opening entry (bob opens at zero: no entry) and three transfers, every
        // one once, ascending.
        #expect(rowIDs.count == Self.tenantCount * 4)
        #expect(zip(rowIDs, rowIDs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(try ledger.violations().isEmpty)
        let chain = try ledger.reader.read { try HashChainCheck($0) }
        #expect(chain.violations.isEmpty && chain.heads == ledger.engine.chainHeads)

        // The last tenants' rows are read too: a transfer of tenant t69 edited is named.
        try ledger.tamper("UPDATE transfers SET amount = 1 WHERE idempotency_key = 'k1' AND tenant = "
            + "(SELECT id FROM tenants WHERE tenant_id = '\(Self.tenantID(Self.tenantCount - 1))')")
        let tampered = try ledger.reader.read { try HashChainCheck($0) }
        #expect(tampered.violations.map(\.tenantID) == [Self.tenantID(Self.tenantCount - 1)])
        #expect(try ledger.violations().contains { $0.tenantID == Self.tenantID(Self.tenantCount - 1) })
    }
}
