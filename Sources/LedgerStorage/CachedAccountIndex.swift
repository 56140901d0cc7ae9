public import LedgerCore
import CPrefetch

/// Finds the writer's cached accounts by key, in 8 bytes per slot.
///
/// The cache already holds every account's key, so the index holds only 32-bit cache indexes in
/// an open-addressing table (linear probing, at most half full) and compares keys in the cache.
/// Each slot also keeps 32 bits of its key's hash: a probe compares keys only where those agree,
/// so passing another account's slot costs no read of that account (a cache miss each, at 200,000
/// accounts: the look-ups took about a second of a 1M-transfer run's engine thread).
/// A `[AccountKey: Int]` over 200,000 accounts took 34 MB and a per-user table another 20 MB;
/// this table takes 2 MB. A user's accounts are found through the few (tenant, kind, asset)
/// groups of the tenant: one probe each. Keys compare and hash by their ids' UTF-8 bytes
/// (`AccountKey`, `OpaqueID`).
package struct CachedAccountIndex {
    /// 0 for an empty slot, else the key's hash tag (high 32 bits) and its cache index + 1.
    private var slots: [UInt64] = []
    private var count = 0
    /// Each tenant's (tenant, kind, asset) groups seen, as keys with an empty user id.
    private var groupsByTenant: [AccountKey: [AccountKey]] = [:]

    /// Room for `count` accounts without growing.
    package init(capacity count: Int) {
        slots = [UInt64](repeating: 0, count: CachedAccountIndex.tableSize(for: count))
    }

    package init() {}

    /// The cache index of the account with `key` in `accounts`, or nil.
    package func index(of key: AccountKey, in accounts: ChunkedArray<CachedAccount>) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        let hash = key.hashValue
        let tag = CachedAccountIndex.tag(of: hash)
        var slot = hash & mask
        while slots[slot] != 0 {
            let entry = slots[slot]
            if entry >> 32 == tag {
                let index = Int(entry & 0xFFFF_FFFF) - 1
                if accounts[index].key == key { return index }
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// The cache indexes of `keys` (nil where a key is nil or not cached), as `index(of:in:)`
    /// gives them, found in stages over all the keys rather than one key after another.
    ///
    /// A probe's time is two cache misses at 200,000 accounts: its slot, then the account it names
    /// (`perf annotate` of the 1M run: 97% of the look-ups' second on those two loads). One key
    /// after another, each miss waits for the one before. Here every key's slot is prefetched,
    /// then every candidate account (all of it: the caller reads its state next), and only then
    /// is anything compared, so the misses of a stage are in flight together. Give it a few
    /// hundred keys at a time: what was prefetched must still be cached when it is read.
    package func indexes(of keys: [AccountKey?], in accounts: ChunkedArray<CachedAccount>) -> [Int?] {
        var found = [Int?](repeating: nil, count: keys.count)
        guard !slots.isEmpty else { return found }
        let mask = slots.count - 1
        let hashes: [Int?] = keys.map { $0?.hashValue }
        var candidates = [Int](repeating: -1, count: keys.count)
        slots.withUnsafeBufferPointer { table in
            guard let base = table.baseAddress else { return }
            for hash in hashes { if let hash { CPrefetch_read(base + (hash & mask)) } }
            // Each key's first slot with its tag: the key's account, but for a tag shared by
            // another key (compared below).
            for (position, hash) in hashes.enumerated() {
                guard let hash else { continue }
                let tag = CachedAccountIndex.tag(of: hash)
                var slot = hash & mask
                while table[slot] != 0 {
                    if table[slot] >> 32 == tag {
                        candidates[position] = Int(table[slot] & 0xFFFF_FFFF) - 1
                        accounts.prefetch(candidates[position])
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        for position in keys.indices where candidates[position] >= 0 {
            guard let key = keys[position] else { continue }
            // Another key with the same 32-bit tag (about one probe in 2^32 at most): the whole walk.
            found[position] = accounts[candidates[position]].key == key ? candidates[position] : index(of: key, in: accounts)
        }
        return found
    }

    /// Records `accounts[index]`, the account just appended to the cache.
    package mutating func insert(_ index: Int, in accounts: ChunkedArray<CachedAccount>) {
        precondition(index < Int(Int32.max), "the account cache holds at most 2^31 accounts")
        if 2 * (count + 1) > slots.count {
            // Rebuilt twice as large from the cache: every account before this one is indexed.
            slots = [UInt64](repeating: 0, count: CachedAccountIndex.tableSize(for: 2 * Swift.max(count, 1024)))
            for earlier in 0..<index { place(earlier, hash: accounts[earlier].key.hashValue) }
        }
        let key = accounts[index].key
        place(index, hash: key.hashValue)
        count += 1
        let group = AccountKey(tenantID: key.tenantID, kind: key.kind, asset: key.asset, userID: AccountKey.systemUserID)
        let tenant = AccountKey(tenantID: key.tenantID, kind: .wallet, asset: "", userID: AccountKey.systemUserID)
        if !(groupsByTenant[tenant]?.contains(group) ?? false) { groupsByTenant[tenant, default: []].append(group) }
    }

    /// The user's one points account (whatever its type), or nil.
    package func pointsAccount(tenantID: String, userID: String, in accounts: ChunkedArray<CachedAccount>) -> Int? {
        userAccounts(tenantID: tenantID, userID: userID, kind: .points, in: accounts).first
    }

    /// The user's wallets in the tenant, one per currency.
    package func wallets(tenantID: String, userID: String, in accounts: ChunkedArray<CachedAccount>) -> [Int] {
        userAccounts(tenantID: tenantID, userID: userID, kind: .wallet, in: accounts)
    }

    private func userAccounts(tenantID: String, userID: String, kind: AccountKind, in accounts: ChunkedArray<CachedAccount>) -> [Int] {
        let tenant = AccountKey(tenantID: tenantID, kind: .wallet, asset: "", userID: AccountKey.systemUserID)
        return (groupsByTenant[tenant] ?? []).filter { $0.kind == kind }.compactMap { group in
            index(of: AccountKey(tenantID: group.tenantID, kind: group.kind, asset: group.asset, userID: userID), in: accounts)
        }
    }

    private mutating func place(_ index: Int, hash: Int) {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = CachedAccountIndex.tag(of: hash) << 32 | UInt64(index + 1)
    }

    /// The hash's high 32 bits: the slot number comes from its low bits.
    private static func tag(of hash: Int) -> UInt64 { UInt64(UInt(bitPattern: hash) >> 32) }

    /// A power of two at least twice `count`.
    private static func tableSize(for count: Int) -> Int {
        var size = 1024
        while size < 2 * count { size *= 2 }
        return size
    }
}
