import Foundation
import Testing

/// Scenario 4: an expected-balances file that disagrees with the ledger (SPEC §3 expected
/// balances, §5 breaks.csv): every difference and every one-sided account is a break; exit 1.
struct ExpectedBalancesTests {
    @Test func everyDisagreementWithTheExpectedBalancesIsABreak() throws {
        let box = try Sandbox()
        try box.copySamples()
        var lines = try box.read("expected_balances.csv").split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let sizeBefore = lines.count
        // One balance off by 0.01 …
        lines = lines.map { $0 == "tnt_sh_tea,usr_li_wei,wallet,CNY,1353.30,100.00" ? "tnt_sh_tea,usr_li_wei,wallet,CNY,1353.31,100.00" : $0 }
        // … one account the ledger has missing from the file …
        lines.removeAll { $0 == "tnt_tokyo_books,usr_suzuki,points,,300,0" }
        // … and one account in the file that the ledger does not have.
        lines.append("tnt_tokyo_books,usr_ghost,wallet,JPY,42,0")
        try #require(lines.count == sizeBefore && lines.contains("tnt_sh_tea,usr_li_wei,wallet,CNY,1353.31,100.00"))
        try box.write("expected-broken.csv", lines.joined(separator: "\n") + "\n")

        let outcome = try box.runNight(expected: "expected-broken.csv")
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.stdout.contains("exit 1"))

        let summary = try box.summary()
        #expect(summary.exitCode == 1)
        #expect(summary.checks["expected_balances"]?.status == "fail")
        #expect(summary.checks["expected_balances"]?.violations == 3)
        #expect(summary.failedChecks == ["expected_balances"], "only the expected balances disagree")
        #expect(summary.applied == 8, "the night itself went as usual")

        let breaks = try box.report("breaks.csv")
        try #require(breaks.rows.count == 3, "\(breaks)")
        #expect(try breaks.column("check") == ["expected_balances", "expected_balances", "expected_balances"])
        let byUser = Dictionary(uniqueKeysWithValues: breaks.records.map { ($0["user_id"]!, $0) })

        let off = try #require(byUser["usr_li_wei"])
        #expect(off["tenant_id"] == "tnt_sh_tea")
        #expect(off["kind"] == "wallet")
        #expect(off["asset"] == "CNY")
        #expect(off["expected"] == "1353.31")
        #expect(off["actual"] == "1353.30")
        #expect(off["difference"] == "-0.01", "difference = actual − expected")

        let missingFromFile = try #require(byUser["usr_suzuki"])
        #expect(missingFromFile["tenant_id"] == "tnt_tokyo_books")
        #expect(missingFromFile["kind"] == "points")
        #expect(missingFromFile["asset"] == "book_points")
        #expect(missingFromFile["expected"] == "")
        #expect(missingFromFile["actual"] == "300")
        #expect(missingFromFile["detail"]?.isEmpty == false)

        let notInLedger = try #require(byUser["usr_ghost"])
        #expect(notInLedger["tenant_id"] == "tnt_tokyo_books")
        #expect(notInLedger["kind"] == "wallet")
        #expect(notInLedger["asset"] == "JPY")
        #expect(notInLedger["expected"] == "42")
        #expect(notInLedger["actual"] == "")
        #expect(notInLedger["detail"]?.isEmpty == false)
    }

    /// A failed check outranks --fail-on-rejects: exit 1, not 4.
    @Test func aFailedCheckWinsOverFailOnRejects() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("expected-off.csv", """
            tenant_id,user_id,kind,currency,balance,frozen_balance
            tnt_beta_club,usr_alpha,wallet,CNY,20.01,0.00
            tnt_beta_club,usr_bravo,wallet,CNY,0.00,0.00
            tnt_beta_club,usr_alpha,points,,1000,0
            tnt_beta_club,usr_bravo,points,,0,0

            """)
        let outcome = try box.runNight(expected: "expected-off.csv", extra: ["--fail-on-rejects"])
        #expect(outcome.status == 1, "\(outcome)")
        let summary = try box.summary()
        #expect(summary.checks["expected_balances"]?.violations == 1,
                "only tnt_beta_club is named, so the other tenants' accounts are not breaks")
    }
}
