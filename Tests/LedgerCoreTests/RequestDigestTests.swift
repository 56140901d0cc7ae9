import Crypto
import Testing
@testable import LedgerCore

/// The request digest is stored in the ledger and compared across runs and releases (SPEC §2
/// "Request fingerprint"): however it is computed, it stays SHA-256 over the length-prefixed fields.
struct RequestDigestTests {
    @Test(arguments: [Int64(1), 9, 10, 12_345, Int64.max])
    func theDigestIsSHA256OverTheLengthPrefixedFields(amount: Int64) throws {
        let fields = ["wallet", "tnt_a", "usr_1", "usr_2", String(amount), "CNY", "奶茶, 两杯", "", "pos", "order_1"]
        let expected = try #require(RequestDigest(bytes: Array(SHA256.hash(data: LengthPrefixed.bytes(fields)))))
        let request = TransferRequest(kind: .wallet, tenantID: "tnt_a", fromUserID: "usr_1", toUserID: "usr_2", amount: amount,
                                      currency: Currency(code: "CNY"), description: "奶茶, 两杯", source: "pos",
                                      referenceID: "order_1", idempotencyKey: "k")
        #expect(request.digest == expected)
        #expect(request.fingerprint.digest == expected)
    }

    @Test func fieldBoundariesMatter() {
        let one = RequestFingerprint.digest(kind: .points, tenantID: "t", fromUserID: "ab", toUserID: "c", amount: 1,
                                            currency: "", description: "", reason: "", source: "", referenceID: "")
        let two = RequestFingerprint.digest(kind: .points, tenantID: "t", fromUserID: "a", toUserID: "bc", amount: 1,
                                            currency: "", description: "", reason: "", source: "", referenceID: "")
        #expect(one != two)
    }
}
