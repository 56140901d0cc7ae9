import LedgerCore
import Testing

/// The hash chain's link encoding (SPEC §7). Every backend must compute the same chain, and a
/// ledger written today must verify with every later release: the golden hashes below were
/// computed by an independent implementation of the encoding (Python's hashlib and struct), so
/// a change of any field, its order or its width fails here before it reaches a ledger.
struct ChainLinkTests {
    static let tenantID = "tnt_sh_tea"

    /// As a transfer written by this release is linked: its record ids are derived, so absent.
    static let entry = EntryLink(
        entryType: "transfer", transferID: "trf_01JD0000000000000000000000", debitRecordID: nil, creditRecordID: nil,
        debit: ChainAccountIdentity(kind: "wallet", asset: "CNY", userID: "usr_li_wei"),
        credit: ChainAccountIdentity(kind: "wallet", asset: "CNY", userID: "usr_wang_fang"),
        amount: 12050, debitSequence: 2, debitBalanceAfter: 137950, creditSequence: 2, creditBalanceAfter: 20930,
        createdAt: 1_763_601_300_000, idempotencyKey: "ik_20261120_0001", fingerprint: Array(0..<32),
        description: "奶茶店分账", reason: "", source: "pos", referenceID: "order_9001", sourceFile: "")

    static let settings = TenantSettingsLink(name: "上海茶饮连锁", transferEnabled: true, pointsType: "cash_equivalent", exchangeRate: 100,
                                             currency: "CNY", changedAt: 1_763_601_000_000)

    @Test func genesisIsFixedPerTenant() {
        #expect(ChainHash.genesis(tenantID: Self.tenantID).hex == "80f5b97881c8d4ffa5254d598ff6dda9c1f1816792cd35e2bbfaac1bdda2ea6b")
        #expect(ChainHash.genesis(tenantID: "tnt_beta_club") != ChainHash.genesis(tenantID: Self.tenantID))
    }

    @Test func goldenEntryHash() {
        let hash = ChainLink.entry(Self.entry).hash(tenantID: Self.tenantID, position: 7, after: .genesis(tenantID: Self.tenantID))
        #expect(hash.hex == "3b86e0a9106c7b2ec143a811b6458aa9d80b9d10dac85b1e753081a390f32296")
        #expect(Self.entry.chainHash(tenantID: Self.tenantID, position: 7, after: .genesis(tenantID: Self.tenantID)) == hash,
                "the verifier's direct path hashes the same bytes")
        // An entry migrated with record ids of its own (release 0.7.0) hashes them too.
        var legacy = Self.entry
        legacy.debitRecordID = "txn_01JD0000000000000000000001"
        legacy.creditRecordID = "txn_01JD0000000000000000000002"
        #expect(ChainLink.entry(legacy).hash(tenantID: Self.tenantID, position: 7, after: .genesis(tenantID: Self.tenantID)).hex
                == "277290bd12f0d82cd8a5d5b80e9b9bc2b5bff6c327b7e401df09723626b0da27")
    }

    /// The writer hashes each entry it appends from the link's texts through a reused buffer
    /// (`EntryLinkBuffer.hash(_:tenantID:position:after:)`): the golden hashes again, with and
    /// without migrated record ids, a key, a fingerprint, non-ASCII and long texts, and the
    /// buffer reused for a shorter link after a longer one.
    @Test func writerPathHashesToTheGoldenHashes() {
        var buffer = EntryLinkBuffer()
        let genesis = ChainHash.genesis(tenantID: Self.tenantID)
        #expect(buffer.hash(Self.entry, tenantID: Self.tenantID, position: 7, after: genesis).hex
                == "3b86e0a9106c7b2ec143a811b6458aa9d80b9d10dac85b1e753081a390f32296")
        var long = Self.entry
        long.description = String(repeating: "长", count: 400)
        long.sourceFile = "night/2026-11-20 données.csv"
        #expect(buffer.hash(long, tenantID: Self.tenantID, position: 9, after: genesis)
                == ChainLink.entry(long).hash(tenantID: Self.tenantID, position: 9, after: genesis))
        var legacy = Self.entry
        legacy.debitRecordID = "txn_01JD0000000000000000000001"
        legacy.creditRecordID = "txn_01JD0000000000000000000002"
        #expect(buffer.hash(legacy, tenantID: Self.tenantID, position: 7, after: genesis).hex
                == "277290bd12f0d82cd8a5d5b80e9b9bc2b5bff6c327b7e401df09723626b0da27")
        var keyless = Self.entry
        keyless.idempotencyKey = nil
        keyless.fingerprint = nil
        keyless.entryType = "opening"
        #expect(buffer.hash(keyless, tenantID: "t", position: 1, after: .genesis(tenantID: "t"))
                == ChainLink.entry(keyless).hash(tenantID: "t", position: 1, after: .genesis(tenantID: "t")))
    }

    /// `verify` hashes entries from their stored bytes through a reused buffer (`EntryLinkBuffer`):
    /// the same golden hashes, with record ids derived (absent) and migrated (present), and with
    /// the buffer reused for a longer link after a shorter one.
    @Test func storedBytesHashToTheGoldenHashes() {
        var buffer = EntryLinkBuffer()
        func hash(_ link: EntryLink, position: Int64 = 7) -> String {
            let entry = ChainVerifier.Entry(rowID: 1, tenantKey: 1, debitAccount: 1, creditAccount: 2, link: link, storedHash: nil)
            let debit = EntryLinkBuffer.encoded(link.debit), credit = EntryLinkBuffer.encoded(link.credit)
            let tenant = Array(Self.tenantID.utf8)
            return StoredEntryLink.withFields(of: entry) { stored in
                tenant.withUnsafeBytes { tenant in
                    debit.withUnsafeBytes { debit in
                        credit.withUnsafeBytes { credit in
                            buffer.hash(stored, tenantID: tenant, position: position, debit: debit, credit: credit,
                                        after: .genesis(tenantID: Self.tenantID)).hex
                        }
                    }
                }
            }
        }
        #expect(hash(Self.entry) == "3b86e0a9106c7b2ec143a811b6458aa9d80b9d10dac85b1e753081a390f32296")
        var legacy = Self.entry
        legacy.debitRecordID = "txn_01JD0000000000000000000001"
        legacy.creditRecordID = "txn_01JD0000000000000000000002"
        var long = Self.entry
        long.description = String(repeating: "长", count: 400)
        #expect(hash(long) == ChainLink.entry(long).hash(tenantID: Self.tenantID, position: 7, after: .genesis(tenantID: Self.tenantID)).hex)
        #expect(hash(legacy) == "277290bd12f0d82cd8a5d5b80e9b9bc2b5bff6c327b7e401df09723626b0da27")
        var keyless = Self.entry
        keyless.idempotencyKey = nil
        keyless.fingerprint = []
        #expect(hash(keyless, position: 8)
                == ChainLink.entry(keyless).hash(tenantID: Self.tenantID, position: 8, after: .genesis(tenantID: Self.tenantID)).hex)
    }

    @Test func goldenTenantSettingsHash() {
        let hash = ChainLink.tenantSettings(Self.settings).hash(tenantID: Self.tenantID, position: 1,
                                                                after: .genesis(tenantID: Self.tenantID))
        #expect(hash.hex == "b86675f118ed5e6b8d433fd3934da266000a302669937031699d143169d46a8d")
    }

    @Test func theEncodingStartsWithVersionTagPositionAndTenant() {
        let bytes = ChainLink.tenantSettings(Self.settings).encoded(tenantID: "t", position: 258)
        #expect(Array(bytes.prefix(15)) == [1, 1, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1, UInt8(ascii: "t")])
    }

    /// Every field of an entry is in its hash: changing any one changes the link.
    @Test func everyFieldCounts() {
        let genesis = ChainHash.genesis(tenantID: Self.tenantID)
        let original = ChainLink.entry(Self.entry).hash(tenantID: Self.tenantID, position: 7, after: genesis)
        var variants: [EntryLink] = []
        func variant(_ change: (inout EntryLink) -> Void) {
            var link = Self.entry
            change(&link)
            variants.append(link)
        }
        variant { $0.entryType = "opening" }
        variant { $0.transferID = "trf_01JD0000000000000000000009" }
        variant { $0.debitRecordID = "txn_x" }
        variant { $0.creditRecordID = "txn_y" }
        variant { $0.debit.userID = "usr_mallory" }
        variant { $0.credit.userID = "usr_mallory" }
        variant { $0.credit.asset = "USD" }
        variant { $0.credit.kind = "points" }
        variant { $0.amount = 2050 }
        variant { $0.debitSequence = 3 }
        variant { $0.debitBalanceAfter = 147950 }
        variant { $0.creditSequence = 3 }
        variant { $0.creditBalanceAfter = 10930 }
        variant { $0.createdAt += 1 }
        variant { $0.idempotencyKey = "ik_edited" }
        variant { $0.idempotencyKey = nil }
        variant { $0.fingerprint = nil }
        variant { $0.fingerprint = Array(repeating: 0, count: 32) }
        variant { $0.description = "房租" }
        variant { $0.reason = "x" }
        variant { $0.source = "app" }
        variant { $0.referenceID = "order_9002" }
        variant { $0.sourceFile = "x.csv" }
        let hashes = variants.map { ChainLink.entry($0).hash(tenantID: Self.tenantID, position: 7, after: genesis) }
        #expect(!hashes.contains(original))
        #expect(Set(hashes).count == hashes.count)
        // Its place counts too: the position, the tenant and the link before it.
        #expect(ChainLink.entry(Self.entry).hash(tenantID: Self.tenantID, position: 8, after: genesis) != original)
        #expect(ChainLink.entry(Self.entry).hash(tenantID: "tnt_other", position: 7, after: genesis) != original)
        #expect(ChainLink.entry(Self.entry).hash(tenantID: Self.tenantID, position: 7, after: original) != original)
    }

    /// Length prefixes keep field boundaries: moving text between two fields is a different link.
    @Test func fieldBoundariesCannotShift() {
        var left = Self.entry, right = Self.entry
        (left.description, left.reason) = ("ab", "c")
        (right.description, right.reason) = ("a", "bc")
        #expect(ChainLink.entry(left).encoded(tenantID: "t", position: 1) != ChainLink.entry(right).encoded(tenantID: "t", position: 1))
        var absent = Self.entry, empty = Self.entry
        absent.idempotencyKey = nil
        empty.idempotencyKey = ""
        #expect(ChainLink.entry(absent).encoded(tenantID: "t", position: 1) != ChainLink.entry(empty).encoded(tenantID: "t", position: 1))
    }

    /// Ids are opaque bytes (SPEC §2): a composed and a decomposed é are two tenants' chains.
    @Test func idsAreHashedAsTheirBytes() {
        #expect(ChainHash.genesis(tenantID: "t_caf\u{e9}") != ChainHash.genesis(tenantID: "t_cafe\u{301}"))
        var decomposed = Self.entry
        decomposed.credit.userID = "jose\u{301}"
        var composed = Self.entry
        composed.credit.userID = "jos\u{e9}"
        #expect(ChainLink.entry(composed).encoded(tenantID: "t", position: 1) != ChainLink.entry(decomposed).encoded(tenantID: "t", position: 1))
    }

    @Test func hexRoundTrips() throws {
        let hash = ChainHash.genesis(tenantID: Self.tenantID)
        #expect(ChainHash(hex: hash.hex) == hash)
        #expect(ChainHash(hex: hash.hex.uppercased()) == hash)
        #expect(ChainHash(hex: "zz" + hash.hex.dropFirst(2)) == nil)
        #expect(ChainHash(hex: String(hash.hex.dropLast())) == nil)
        #expect(ChainHash(bytes: Array(repeating: 0, count: 31)) == nil)
    }

    @Test func headsCountLinksPerTenant() {
        var heads = ChainHeads()
        let first = heads.append(.tenantSettings(Self.settings), tenantID: Self.tenantID)
        let second = heads.append(.entry(Self.entry), tenantID: Self.tenantID)
        let other = heads.append(.tenantSettings(Self.settings), tenantID: "tnt_beta_club")
        #expect(first.links == 1 && second.links == 2 && other.links == 1)
        #expect(second.hash == ChainLink.entry(Self.entry).hash(tenantID: Self.tenantID, position: 2, after: first.hash))
        #expect(heads.entries.map(\.tenantID) == ["tnt_beta_club", "tnt_sh_tea"])
    }
}
