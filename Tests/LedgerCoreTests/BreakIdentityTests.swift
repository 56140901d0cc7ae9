import LedgerCore
import Testing

/// SPEC §5 `break_id`: the same problem keeps its id on later runs; the id names the problem
/// (check, tenant, user, kind, asset, field), never the amounts.
struct BreakIdentityTests {
    static let cny = Asset(currency: Currency(code: "CNY")!)

    static func balanceBreak(expected: Int64, actual: Int64, user: String = "usr_3", field: String? = nil) -> CheckViolation {
        CheckViolation(check: .expectedBalances, tenantID: "tnt_a", userID: user, asset: cny, expected: expected, actual: actual,
                       field: field, detail: "expected.csv:2: balance differs")
    }

    @Test func theIdIsShortReadableAndIgnoresTheAmounts() {
        let ids = BreakIdentity.ids(for: [Self.balanceBreak(expected: 800, actual: 700)])
        let later = BreakIdentity.ids(for: [Self.balanceBreak(expected: 900, actual: 650)])
        #expect(ids == later)
        let id = ids[0]
        #expect(id.hasPrefix("brk_") && id.count == 16 && id.dropFirst(4).allSatisfy(\.isHexDigit), "\(id)")
    }

    @Test func anotherUserFieldCheckOrAssetIsAnotherBreak() {
        let base = Self.balanceBreak(expected: 800, actual: 700)
        var otherCheck = base
        otherCheck.check = .snapshotMatches
        var otherAsset = base
        otherAsset.asset = Asset(pointsType: "cash_equivalent")
        let variants = [base, Self.balanceBreak(expected: 800, actual: 700, user: "usr_4"),
                        Self.balanceBreak(expected: 800, actual: 700, field: "frozen_balance"), otherCheck, otherAsset]
        let ids = variants.map { BreakIdentity.ids(for: [$0])[0] }
        #expect(Set(ids).count == variants.count, "\(ids)")
    }

    /// Two breaks of one run with the same identity (two bad rows of one user) get two ids, the
    /// first the same as when it is alone.
    @Test func repeatedIdentitiesInOneRunAreNumbered() {
        let row = CheckViolation(check: .inputsValid, tenantID: "tnt_a", userID: "usr_3", detail: "accounts.csv:2: bad")
        var second = row
        second.detail = "accounts.csv:3: bad"
        let ids = BreakIdentity.ids(for: [row, second])
        #expect(ids.count == 2 && ids[0] != ids[1])
        #expect(ids[0] == BreakIdentity.ids(for: [row])[0])
    }
}
