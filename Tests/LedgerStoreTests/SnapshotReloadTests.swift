import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// The writer's side of re-loading tenants and accounts (SPEC §2 tenants, §3 accounts).
struct SnapshotReloadTests {
    @Test(arguments: StoreBackend.all)
    func anUpdateChangesOnlyWhatItStates(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        let refused = try ledger.engine.upsert(TenantUpdate(tenantID: "t2", name: "Renamed", transferEnabled: true))
        #expect(refused.isEmpty)
        let t2 = try #require(ledger.engine.tenants["t2"])
        #expect(t2.name == "Renamed" && t2.transferEnabled && t2.pointsType == "miles" && t2.exchangeRate == 50 && t2.currency.code == "USD")
        let stored = try ledger.openReader().read { try $0.tenants()["t2"] }
        #expect(stored == t2)
        // A new tenant gets the defaults for what its row leaves out.
        try ledger.engine.upsert(TenantUpdate(tenantID: "t3", name: "New", transferEnabled: false))
        let t3 = try #require(ledger.engine.tenants["t3"])
        #expect(t3.pointsType == "cash_equivalent" && t3.exchangeRate == 100 && t3.currency == .cny)
    }

    @Test(arguments: StoreBackend.all)
    func currencyAndPointsTypeStayOnceTheTenantHasAccounts(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        let change = TenantUpdate(tenantID: "t2", name: "Two", transferEnabled: false, pointsType: "stars", exchangeRate: 7,
                                  currency: Currency(code: "JPY")!, origin: RowOrigin(file: "tenants.csv", line: 3))
        // Before any account: the change is the tenant's to make.
        let early = try ledger.engine.upsert(change)
        #expect(early.isEmpty && ledger.engine.tenants["t2"]?.pointsType == "stars")
        try ledger.open(ledger.points("t2", "carol", 10, type: "stars"))
        let back = TenantUpdate(tenantID: "t2", name: "Two", transferEnabled: true, pointsType: "miles", exchangeRate: 9,
                                currency: Currency(code: "USD")!, origin: RowOrigin(file: "tenants.csv", line: 3))
        let refused = try ledger.engine.upsert(back)
        #expect(refused.map(\.check) == [.inputsValid, .inputsValid])
        #expect(refused.map(\.field) == ["currency", "points_type"])
        #expect(refused[0].detail.hasPrefix("tenants.csv:3: currency:") && refused[0].detail.contains("'JPY'") && refused[0].detail.contains("'USD'"))
        let t2 = try #require(ledger.engine.tenants["t2"])
        #expect(t2.pointsType == "stars" && t2.currency.code == "JPY", "the stored settings stay")
        #expect(t2.exchangeRate == 9 && t2.transferEnabled, "the rest of the row applies")
    }

    @Test(arguments: StoreBackend.all)
    func oneOpensOnePointsAccountPerUserWhateverItsType(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.open(ledger.points("t1", "alice", 500))
        let outcome = try ledger.open(ledger.points("t1", "alice", 500, type: "other"))[0]
        guard case .differs(let fields, _) = outcome else { Issue.record("expected differs, got \(outcome)"); return }
        #expect(fields.map(\.field) == ["points_type"])
        let pointsAccounts = try ledger.integer("SELECT COUNT(*) FROM accounts WHERE kind = 'points' AND user_id = 'alice'")
        #expect(pointsAccounts == 1)
        #expect(ledger.balance("t1", .points, "other", "alice") == nil)
    }

    @Test(arguments: StoreBackend.all)
    func aWalletRowWithoutCurrencyMeansTheUsersOneWallet(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 1_000, currency: "USD"))
        // The tenant's currency is CNY, but alice's one wallet is USD: the row means that one.
        var row = ledger.wallet("t1", "alice", 1_000)
        row.stated = []
        #expect(try ledger.open(row) == [.unchanged])
        #expect(ledger.balance("t1", .wallet, "CNY", "alice") == nil, "no CNY wallet opened")
        // Read in that wallet's digits: 10.00 parsed as CNY (1000 fen) is 10.00 USD; 10.005 is not a USD amount.
        #expect(ledger.balance("t1", .wallet, "USD", "alice") == 1_000)
        try ledger.open(ledger.wallet("t1", "yen", 500, currency: "JPY"))
        var yen = ledger.wallet("t1", "yen", 50_000)
        yen.stated = []
        #expect(try ledger.open(yen) == [.unchanged], "500 yen, parsed as 500.00 CNY")
        yen.balance = 50_050
        guard case .invalid = try ledger.open(yen)[0] else { Issue.record("500.50 is not a JPY amount"); return }
        // With two wallets the row means the tenant's currency.
        try ledger.open(ledger.wallet("t1", "alice", 5, currency: "CNY"))
        row.balance = 5
        #expect(try ledger.open(row) == [.unchanged])
    }

    @Test(arguments: StoreBackend.all)
    func onlyStatedFieldsAreCompared(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 1_000, frozen: 100, status: .frozen))
        var bare = ledger.wallet("t1", "alice", 1_000)
        bare.stated = []
        #expect(try ledger.open(bare) == [.unchanged], "status and frozen_balance are not in the file")
        bare.stated = [.status]
        let outcome = try ledger.open(bare)[0]
        let violations = outcome.violations(for: bare)
        #expect(violations.map(\.field) == ["status"])
        #expect(violations.first?.expected == nil && violations.first?.actual == nil)
        // The balance: expected is the file's, actual the opened state's.
        var richer = bare
        richer.balance = 1_500
        richer.stated = []
        let balance = try ledger.open(richer)[0].violations(for: richer)
        #expect(balance.count == 1 && balance[0].check == .snapshotMatches && balance[0].field == nil)
        #expect(balance[0].expected == 1_500 && balance[0].actual == 1_000 && balance[0].difference == -500)
    }
}
