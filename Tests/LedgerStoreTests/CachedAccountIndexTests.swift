import LedgerCore
import LedgerStorage
import LedgerTestSupport
import Testing

/// The writer's account index: the look-ups of many keys at once (`indexes(of:in:)`, the
/// transfers' path, with prefetches) answer exactly what one look-up per key (`index(of:in:)`)
/// answers, for cached keys, keys cached under another tenant, kind, asset or user, and no key.
struct CachedAccountIndexTests {
    @Test func manyKeysAtOnceFindWhatOneKeyAtATimeFinds() {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("CachedAccountIndexTests: seed \(seed)")
        var random = SplitMix64(seed: seed)
        var accounts = ChunkedArray<CachedAccount>()
        var index = CachedAccountIndex(capacity: 0)
        func key(_ number: UInt64) -> AccountKey {
            // Few tenants and assets, many users: most keys differ only in the user, as in a ledger.
            AccountKey(tenantID: "tnt_\(number % 7)", kind: number % 3 == 0 ? .points : .wallet,
                       asset: number % 3 == 0 ? "cash_equivalent" : ["CNY", "USD"][Int(number % 2)],
                       userID: "usr_\(number / 7)")
        }
        // 10,000 accounts (the table grows several times) of 20,000 possible keys.
        var cached = Set<AccountKey>()
        while cached.count < 10_000 {
            let candidate = key(random.next(below: 20_000))
            guard cached.insert(candidate).inserted else { continue }
            accounts.append(CachedAccount(rowID: Int64(accounts.count + 1), accountID: "acc_\(accounts.count)", key: candidate,
                                          state: AccountState(), tenantRowID: 1))
            index.insert(accounts.count - 1, in: accounts)
        }
        for round in 0..<20 {
            let count = Int(random.next(below: 600))
            let keys: [AccountKey?] = (0..<count).map { _ in
                random.next(below: 10) == 0 ? nil : key(random.next(below: 20_000))
            }
            let together = index.indexes(of: keys, in: accounts)
            let oneByOne = keys.map { $0.flatMap { index.index(of: $0, in: accounts) } }
            #expect(together == oneByOne, "seed \(seed), round \(round)")
            for (position, found) in together.enumerated() {
                if let found { #expect(accounts[found].key == keys[position], "seed \(seed), round \(round)") }
                else if let key = keys[position] { #expect(!cached.contains(key), "seed \(seed), round \(round)") }
            }
        }
        #expect(CachedAccountIndex().indexes(of: [key(1), nil], in: accounts) == [nil, nil])
    }
}
