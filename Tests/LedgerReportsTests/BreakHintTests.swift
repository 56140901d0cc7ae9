import LedgerCore
import LedgerReports
import Testing

/// breaks.csv `hint` (SPEC §5): one sentence per break saying what to look at or do, with the figures.
struct BreakHintTests {
    static let cny = Asset(currency: Currency(code: "CNY")!)

    @Test func aLedgerBelowTheOutsideSystemPointsAtAMissingIncomingTransfer() {
        let hint = BreakHint.text(for: CheckViolation(check: .expectedBalances, tenantID: "tnt_a", userID: "usr_3", asset: Self.cny,
                                                      expected: Int64(800), actual: Int64(700), detail: "expected.csv:2: balance differs"))
        #expect(hint == "the outside system says 8.00, the ledger 7.00; look for a transfer to usr_3 missing from tonight's file, "
                + "or one from usr_3 the outside system does not have")
    }

    @Test func aLedgerAboveTheOutsideSystemPointsAtAMissingOutgoingTransfer() {
        let hint = BreakHint.text(for: CheckViolation(check: .expectedBalances, tenantID: "tnt_a", userID: "usr_3", asset: Self.cny,
                                                      expected: Int64(700), actual: Int64(800), detail: "expected.csv:2: balance differs"))
        #expect(hint.hasPrefix("the outside system says 7.00, the ledger 8.00; look for a transfer from usr_3 missing"), "\(hint)")
    }

    @Test func accountsOnOneSideOnlySayWhichSide() {
        let missing = BreakHint.text(for: CheckViolation(check: .expectedBalances, tenantID: "t", userID: "usr_9", asset: Self.cny,
                                                         expected: Int64(500), actual: Int64?.none, detail: "x"))
        #expect(missing.contains("usr_9's CNY wallet (5.00)") && missing.contains("never opened"), "\(missing)")
        let unlisted = BreakHint.text(for: CheckViolation(check: .expectedBalances, tenantID: "t", userID: "usr_9", asset: Self.cny,
                                                          expected: Int64?.none, actual: Int64(500), detail: "x"))
        #expect(unlisted.contains("does not list it"), "\(unlisted)")
    }

    /// Every check has a hint: one line of text a person can act on.
    @Test(arguments: CheckName.allCases)
    func everyCheckHasAOneLineHint(check: CheckName) {
        let hint = BreakHint.text(for: CheckViolation(check: check, tenantID: "t", userID: "u", asset: Self.cny,
                                                      expected: Int64(100), actual: Int64(90), detail: "d"))
        #expect(hint.count > 20 && !hint.contains("\n"), "\(check): \(hint)")
    }
}
