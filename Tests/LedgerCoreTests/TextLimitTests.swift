import Testing
import LedgerCore

/// SPEC §2: reason over 200 characters and key over 128 are `invalid_request`, counted in code
/// points, not bytes (a Chinese reason of 200 characters is 600 bytes and fine).
struct TextLimitTests {
    @Test(arguments: [(200, 128, true), (201, 128, false), (200, 129, false), (10, 10, true)])
    func limitsCountCodePoints(reasonLength: Int, keyLength: Int, accepted: Bool) {
        let row = TransferRow(kind: "points", tenantID: "t1", fromUserID: "alice", toUserID: "bob", amount: "1",
                              idempotencyKey: String(repeating: "键", count: keyLength),
                              reason: String(repeating: "理", count: reasonLength))
        var keys = DerivedKeyCounter()
        let validated = RequestValidator.validate(row, keys: &keys)
        #expect(((try? validated.request.get()) != nil) == accepted, "\(reasonLength), \(keyLength)")
    }
}
