import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// The writer's account cache holds only what the hot path reads (issue 8: memory small per
/// account): the state an account was opened with is read from its row when a re-loaded row
/// needs it, accounts are found by a compact index, and start states sit in an array by row id.
struct CompactAccountCacheTests {
    @Test(arguments: StoreBackend.all)
    func aReloadedRowComparesWithTheStateOpenedNotTheCurrentOne(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        var row = ledger.wallet("t1", "alice", 10_000)
        row.origin = RowOrigin(file: "accounts.csv", line: 2)
        try ledger.open(row, ledger.wallet("t1", "bob", 0))
        let moved = try ledger.apply(walletRow("alice", "bob", "30.00"))
        guard case .applied = moved[0] else { Issue.record("expected applied, got \(moved[0])"); return }
        #expect(ledger.balance("t1", .wallet, "CNY", "alice") == 7_000)
        // The same row again, in this writer and in a fresh one that re-read the ledger: unchanged.
        #expect(try ledger.open(row) == [.unchanged])
        let fresh = try ledger.nextEngine(runID: "next-run")
        #expect(try fresh.open([row]) == [.unchanged])
        // A row that states another balance differs from the opened one, naming where it came from.
        var changed = row
        changed.balance = 12_000
        let outcome = try fresh.open([changed])[0]
        guard case .differs(let fields, let opened) = outcome else { Issue.record("expected differs, got \(outcome)"); return }
        #expect(fields.map(\.field) == ["balance"])
        #expect(fields[0].openedAmount == 10_000 && fields[0].statedAmount == 12_000 && fields[0].openedFrom == "accounts.csv:2")
        #expect(opened.balance == 10_000 && opened.tenantID == "t1" && opened.userID == "alice")
    }

    @Test(arguments: StoreBackend.all)
    func aRowRepeatedInOneFileComparesWithTheAccountItJustOpened(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        var first = ledger.points("t1", "carol", 500)
        first.origin = RowOrigin(file: "accounts.csv", line: 2)
        var second = ledger.points("t1", "carol", 600)
        second.origin = RowOrigin(file: "accounts.csv", line: 3)
        let outcomes = try ledger.open(first, second)
        guard case .opened = outcomes[0], case .differs(let fields, _) = outcomes[1] else {
            Issue.record("expected opened then differs, got \(outcomes)"); return
        }
        #expect(fields.map(\.field).contains("balance") && fields[0].openedFrom == "accounts.csv:2")
    }

    @Test(arguments: StoreBackend.all)
    func usersAreFoundByTheBytesOfTheirIDs(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        let composed = "jos\u{E9}", decomposed = "jose\u{301}"
        try ledger.open(ledger.wallet("t1", composed, 100), ledger.wallet("t1", decomposed, 200),
                        ledger.points("t1", composed, 5), ledger.wallet("t2", composed, 300, currency: "USD"))
        #expect(ledger.balance("t1", .wallet, "CNY", composed) == 100)
        #expect(ledger.balance("t1", .wallet, "CNY", decomposed) == 200)
        #expect(ledger.balance("t1", .points, "cash_equivalent", composed) == 5)
        #expect(ledger.balance("t1", .points, "cash_equivalent", decomposed) == nil)
        #expect(ledger.balance("t2", .wallet, "USD", composed) == 300)
        #expect(ledger.balance("t2", .wallet, "CNY", composed) == nil)
        // Each user's one points account is found whatever type the row names; the other user has none.
        let outcomes = try ledger.open(ledger.points("t1", composed, 5, type: "stars"), ledger.points("t1", decomposed, 7))
        guard case .differs(let fields, _) = outcomes[0], case .opened = outcomes[1] else {
            Issue.record("expected differs then opened, got \(outcomes)"); return
        }
        #expect(fields.map(\.field) == ["points_type"])
    }

    @Test(arguments: StoreBackend.all)
    func aBatchAfterTheCacheWasReleasedReadsTheAccountsAgain(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        ledger.engine.releaseAccountCache()
        let moved = try ledger.apply(walletRow("alice", "bob", "30.00"))
        guard case .applied = moved[0] else { Issue.record("expected applied, got \(moved[0])"); return }
        #expect(ledger.balance("t1", .wallet, "CNY", "alice") == 7_000 && ledger.balance("t1", .wallet, "CNY", "bob") == 3_000)
        ledger.engine.releaseAccountCache()
        #expect(try ledger.open(ledger.wallet("t1", "alice", 10_000)) == [.unchanged])
        #expect(try ledger.violations().isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func accountsPastTheCachesFirstChunksAreFoundAndUpdated(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        // More than two of the cache's 4,096-account chunks, in two batches.
        let users = (0..<9_000).map { "u\($0)" }
        _ = try ledger.engine.open(users.prefix(5_000).map { ledger.wallet("t1", $0, 1_000) })
        _ = try ledger.engine.open(users.dropFirst(5_000).map { ledger.wallet("t1", $0, 2_000) })
        let moved = try ledger.apply(walletRow("u1", "u8999", "5.00", line: 2), walletRow("u8999", "u4097", "1.00", line: 3))
        #expect(moved.allSatisfy { if case .applied = $0 { true } else { false } })
        #expect(ledger.balance("t1", .wallet, "CNY", "u1") == 500 && ledger.balance("t1", .wallet, "CNY", "u8999") == 2_400)
        #expect(ledger.balance("t1", .wallet, "CNY", "u4097") == 1_100 && ledger.balance("t1", .wallet, "CNY", "u4096") == 1_000)
        #expect(ledger.engine.allAccounts().filter { !$0.key.isSystem }.count == 9_000)
        #expect(try ledger.violations().isEmpty)
    }

    @Test func startStatesDefaultToEmptyAndKeepEveryRowID() {
        var states = AccountStartStates(reservingUpTo: 4)
        let state = { (balance: Int64) in AccountStartState(balance: balance, lastSequence: 1, postedDebits: 0, postedCredits: Int128(balance)) }
        #expect(states[1] == .empty && states[-5] == .empty && states[Int64.max] == .empty)
        states[3] = state(30)
        states[1] = state(10)
        // Far past the others (a hand-edited row id) and negative: kept aside, never a huge array.
        states[Int64.max - 1] = state(99)
        states[-2] = state(-2)
        #expect(states[1] == state(10) && states[2] == .empty && states[3] == state(30))
        #expect(states[Int64.max - 1] == state(99) && states[-2] == state(-2) && states.balance(of: 3) == 30)
        states[3].balance = 31
        #expect(states.balance(of: 3) == 31 && states[4] == .empty)
    }
}
