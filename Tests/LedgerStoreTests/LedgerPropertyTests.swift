import GRDB
import LedgerCore
import LedgerStore
import PropertyBased
import Testing

/// Thousands of random requests across tenants and both kinds, in random batches: afterwards every
/// ledger check is clean, and outcomes and balances equal those of a deliberately simple model.
struct LedgerPropertyTests {
    /// A tiny deterministic generator, so a failing seed reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The model: balances in a dictionary, the rules written out plainly.
    struct Model {
        var balances: [String: Int64] = [:]
        var frozenUsers: Set<String> = ["u5"]
        var seen: [String: String] = [:]  // "tenant|key" -> content

        func account(_ tenant: String, _ kind: String, _ user: String) -> String { "\(tenant)|\(kind)|\(user)" }

        mutating func apply(tenant: String, kind: String, from: String, to: String, amount: Int64, key: String, content: String) -> String {
            if from == to { return "invalid_request" }
            if let prior = seen["\(tenant)|\(key)"] { return prior == content ? "duplicate" : "idempotency_conflict" }
            guard let sender = balances[account(tenant, kind, from)], balances[account(tenant, kind, to)] != nil else { return "not_found" }
            if kind == "points", tenant == "t2" { return "transfer_disabled" }
            if frozenUsers.contains(from) || frozenUsers.contains(to) { return "account_inactive" }
            if sender < amount { return "insufficient_balance" }
            balances[account(tenant, kind, from)]! -= amount
            balances[account(tenant, kind, to)]! += amount
            seen["\(tenant)|\(key)"] = content
            return "applied"
        }
    }

    @Test func randomRequestsKeepTheBooksBalancedAndMatchTheModel() async {
        await propertyCheck(count: 8, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            do { try check(seed: seed) } catch { Issue.record("seed \(seed): \(error)") }
        }
    }

    func check(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        let ledger = try LedgerFixture()
        var model = Model()
        let users = (0..<6).map { "u\($0)" }
        let assets = [("t1", "wallet", "CNY"), ("t1", "points", "cash_equivalent"), ("t2", "wallet", "USD"), ("t2", "points", "miles")]
        var snapshots: [AccountSnapshot] = []
        for (tenant, kind, asset) in assets {
            for user in users.dropLast(tenant == "t2" ? 2 : 0) {
                let balance = Int64.random(in: 0...50_000, using: &random)
                let status: AccountStatus = model.frozenUsers.contains(user) ? .frozen : .active
                snapshots.append(kind == "wallet"
                    ? ledger.wallet(tenant, user, balance, currency: asset, status: status)
                    : ledger.points(tenant, user, balance, type: asset, status: status))
                model.balances[model.account(tenant, kind, user)] = balance
            }
        }
        _ = try ledger.store.queue.inDatabase { db in try ledger.writer.open(snapshots, in: db) }

        var rows: [TransferRow] = [], expected: [String] = []
        for line in 0..<1_500 {
            let (tenant, kind, asset) = assets.randomElement(using: &random)!
            let from = (users + ["ghost"]).randomElement(using: &random)!
            let to = (users + ["ghost"]).randomElement(using: &random)!
            let amount = Int64.random(in: 1...8_000, using: &random)
            let amountText = kind == "wallet" ? MoneyText.format(amount, exponent: 2) : String(amount)
            let key = Bool.random(using: &random) ? "k\(Int.random(in: 0..<400, using: &random))" : "row\(line)"
            let row = TransferRow(kind: kind, tenantID: tenant, fromUserID: from, toUserID: to, amount: amountText,
                                  currency: kind == "wallet" ? asset : "", idempotencyKey: key,
                                  origin: RowOrigin(file: "random.csv", line: line + 2))
            rows.append(row)
            expected.append(model.apply(tenant: tenant, kind: kind, from: from, to: to, amount: amount, key: key,
                                        content: "\(kind)|\(from)|\(to)|\(amount)"))
        }
        var outcomes: [TransferOutcome] = []
        var start = 0
        while start < rows.count {
            let size = Int.random(in: 1...300, using: &random)
            outcomes += try ledger.apply(Array(rows[start..<min(start + size, rows.count)]))
            start += size
        }
        let actual = outcomes.map { $0.rejection?.code.rawValue ?? $0.status }
        #expect(actual == expected, "seed \(seed)")
        #expect(try ledger.violations() == [], "seed \(seed)")
        for (tenant, kind, asset) in assets {
            for user in users {
                let stored = ledger.balance(tenant, AccountKind(rawValue: kind)!, asset, user)
                #expect(stored == model.balances[model.account(tenant, kind, user)], "seed \(seed) \(tenant) \(kind) \(user)")
            }
        }
    }
}
