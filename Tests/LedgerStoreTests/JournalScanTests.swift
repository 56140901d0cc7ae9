import Foundation
import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// `JournalScan`, the export's one read of the ledger (SPEC §7): what it yields is the contract a
/// port to another schema must keep — tenants, every account (user and system) with the date it
/// must be open from, and every entry in write order with both sides, amount, ids and text.
struct JournalScanTests {
    static let fixtureTime: Int64 = 1_776_000_000_000
    static let early = "2020-01-02T03:04:05Z"

    func ledger() throws -> LedgerFixture {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0), ledger.points("t1", "alice", 50),
                        ledger.points("t1", "bob", 0), ledger.wallet("t2", "carol", 700, currency: "USD"))
        let outcomes = try ledger.apply(
            TransferRow(kind: "wallet", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "12.34", currency: "CNY",
                        idempotencyKey: "k1", description: "lunch; \"split\"", requestedAt: Self.early,
                        origin: RowOrigin(file: "transfers.csv", line: 2)),
            pointsRow("alice", "bob", "20", line: 3),
            walletRow("bob", "alice", "999.00", line: 4)  // insufficient: no entry
        )
        #expect(outcomes.map(\.code) == [nil, nil, .insufficientBalance])
        return ledger
    }

    @Test func yieldsTenantsAccountsAndEveryEntryInWriteOrder() throws {
        let ledger = try ledger()
        let (tenants, accounts, entries) = try JournalScan.read(ledger.store, tenantID: nil) { scan in
            var entries: [JournalEntry] = []
            try scan.forEachEntry { entries.append($0) }
            return (scan.tenants, scan.accounts, entries)
        }
        #expect(tenants.map(\.tenantID) == ["t1", "t2"])
        #expect(tenants.map(\.currency) == ["CNY", "USD"])
        #expect(tenants.map(\.pointsType) == ["cash_equivalent", "miles"])
        #expect(tenants.map(\.exchangeRate) == [100, 50])

        // Sorted by key; system accounts (empty user) first in their asset.
        #expect(accounts.map { "\($0.key.tenantID)/\($0.key.kind.rawValue)/\($0.key.asset)/\($0.key.userID)" } == [
            "t1/points/cash_equivalent/", "t1/points/cash_equivalent/alice", "t1/points/cash_equivalent/bob",
            "t1/wallet/CNY/", "t1/wallet/CNY/alice", "t1/wallet/CNY/bob", "t2/wallet/USD/", "t2/wallet/USD/carol",
        ])
        let early = try #require(Timestamp.parseMillis(Self.early))
        let openedAt = Dictionary(uniqueKeysWithValues: accounts.map { ("\($0.key.kind.rawValue)/\($0.key.userID)@\($0.key.tenantID)", $0.openedAt) })
        // A transfer dated before the accounts were created moves their open date back; others keep their creation.
        #expect(openedAt["wallet/alice@t1"] == early)
        #expect(openedAt["wallet/bob@t1"] == early)
        #expect(openedAt["wallet/@t1"] == Self.fixtureTime)
        #expect(openedAt["points/alice@t1"] == Self.fixtureTime)
        #expect(accounts.allSatisfy { !$0.accountID.isEmpty })

        // Openings (accounts opened with a balance), then the two applied transfers.
        #expect(entries.map(\.type) == [.opening, .opening, .opening, .transfer, .transfer])
        let openings = entries.prefix(3)
        #expect(openings.map(\.toUserID) == ["alice", "alice", "carol"])
        #expect(openings.allSatisfy { $0.fromUserID == AccountKey.systemUserID && $0.idempotencyKey == nil })
        #expect(openings.map(\.amount) == [10_000, 50, 700])
        #expect(openings.allSatisfy { $0.transferID.hasPrefix("opn_") && $0.createdAt == Self.fixtureTime })
        let wallet = entries[3], points = entries[4]
        #expect(wallet.kind == .wallet && wallet.asset == "CNY" && wallet.tenantID == "t1")
        #expect(wallet.fromUserID == "alice" && wallet.toUserID == "bob" && wallet.amount == 1234)
        #expect(wallet.idempotencyKey == "k1" && wallet.description == "lunch; \"split\"" && wallet.createdAt == early)
        #expect(wallet.transferID.hasPrefix("trf_"))
        #expect(wallet.debitKey == AccountKey(tenantID: "t1", kind: .wallet, asset: "CNY", userID: "alice"))
        #expect(wallet.creditKey == AccountKey(tenantID: "t1", kind: .wallet, asset: "CNY", userID: "bob"))
        #expect(points.kind == .points && points.asset == "cash_equivalent" && points.amount == 20)
        #expect(points.idempotencyKey?.hasPrefix("auto-") == true, "a derived key is exported as the key used")
    }

    @Test func oneTenantOnlyAndAnUnknownTenantIsAnError() throws {
        let ledger = try ledger()
        let (accounts, entries) = try JournalScan.read(ledger.store, tenantID: "t2") { scan in
            var entries: [JournalEntry] = []
            try scan.forEachEntry { entries.append($0) }
            #expect(scan.tenants.map(\.tenantID) == ["t2"])
            return (scan.accounts, entries)
        }
        #expect(accounts.map(\.key.userID) == ["", "carol"])
        #expect(entries.map(\.toUserID) == ["carol"])
        #expect(throws: JournalScanError.self) {
            try JournalScan.read(ledger.store, tenantID: "t3") { _ in () }
        }
    }
}
