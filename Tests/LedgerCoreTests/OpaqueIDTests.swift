import LedgerCore
import Testing

/// `OpaqueID` and the byte-wise helpers: equality, hashing and order are those of the UTF-8 bytes.
struct OpaqueIDTests {
    let composed = "jos\u{E9}"
    let decomposed = "jose\u{301}"

    @Test func canonicallyEquivalentIdsAreDifferent() {
        #expect(composed == decomposed, "Swift's String equality is canonical equivalence")
        #expect(OpaqueID(composed) != OpaqueID(decomposed))
        #expect(!OpaqueID.sameBytes(composed, decomposed))
        #expect(Set([OpaqueID(composed), OpaqueID(decomposed)]).count == 2)
        #expect(OpaqueID.sameBytes(composed, "jos\u{E9}"))
    }

    @Test func equalBytesComparesEveryByteAtEveryLength() {
        // Lengths around the eight-byte steps; a difference at each position is found.
        for length in 0...20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
            bytes.withUnsafeBytes { left in
                #expect(OpaqueID.equalBytes(left, UnsafeRawBufferPointer(rebasing: left[...])))
                Array(bytes + [0]).withUnsafeBytes { longer in #expect(!OpaqueID.equalBytes(left, longer)) }
            }
            for position in 0..<length {
                var other = bytes
                other[position] ^= 0x80
                bytes.withUnsafeBytes { left in other.withUnsafeBytes { right in #expect(!OpaqueID.equalBytes(left, right)) } }
            }
        }
        #expect(OpaqueID.sameBytes("tnt_bench_0001_longer_than_16", "tnt_bench_0001_longer_than_16"))
        #expect(!OpaqueID.sameBytes("tnt_bench_0001_longer_than_16", "tnt_bench_0001_longer_than_17"))
    }

    @Test func orderIsByteOrderAsInSQLite() {
        // Bytes: "jose" + CC 81 sorts before "jos" + C3 A9, and "Z" (5A) before "a" (61).
        let ids = [composed, decomposed, "a", "Z", "jos"].map { OpaqueID($0) }.sorted().map(\.text)
        #expect(ids.map { Array($0.utf8) } == ["Z", "a", "jos", decomposed, composed].map { Array($0.utf8) })
        #expect(OpaqueID.bytesPrecede(["t", decomposed], ["t", composed]))
        #expect(!OpaqueID.bytesPrecede(["t", composed], ["t", composed]))
    }

    @Test func tenantDirectoryFindsTenantsByBytes() {
        var tenants = TenantDirectory()
        tenants["t_caf\u{E9}"] = TenantConfig(tenantID: "t_caf\u{E9}", name: "composed", transferEnabled: true)
        #expect(tenants["t_cafe\u{301}"] == nil)
        tenants["t_cafe\u{301}"] = TenantConfig(tenantID: "t_cafe\u{301}", name: "decomposed", transferEnabled: true)
        #expect(tenants.count == 2 && tenants["t_caf\u{E9}"]?.name == "composed")
        #expect(tenants.all.map(\.name) == ["decomposed", "composed"])
    }

    @Test func assetsAndKeysCompareBytes() {
        #expect(Asset(pointsType: composed) != Asset(pointsType: decomposed))
        var keys = DerivedKeyCounter()
        let validatedSelfTransfer = RequestValidator.validate(
            TransferRow(kind: "wallet", tenantID: "t", fromUserID: composed, toUserID: decomposed, amount: "1", currency: "CNY"),
            keys: &keys)
        #expect((try? validatedSelfTransfer.request.get()) != nil, "two users, not a self-transfer")
    }
}
