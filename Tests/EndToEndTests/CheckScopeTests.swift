import Foundation
import Testing

/// SPEC §5 "Scope of the checks": a run checks its own transfers and every account's stored state,
/// not all history; summary.json says which; `verify` checks everything.
struct CheckScopeTests {
    @Test func summaryGivesEachChecksScope() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: box.latest.appendingPathComponent("summary.json"))) as? [String: Any]
        let scopes = Dictionary(uniqueKeysWithValues: (run?["checks"] as? [[String: Any]] ?? []).map {
            ($0["name"] as? String ?? "", $0["scope"] as? String ?? "")
        })
        #expect(scopes["entries_balanced"] == "run" && scopes["balance_chain"] == "run" && scopes["account_matches_postings"] == "run")
        #expect(scopes["trial_balance"] == "full" && scopes["no_negative_balance"] == "full" && scopes["points_identity"] == "full")
        #expect(scopes["input_accounted"] == "run" && scopes["expected_balances"] == "run", "\(scopes)")

        let verify = try box.run(["verify", "--db", box.db])
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: try box.reportDirectory(printedBy: verify).appendingPathComponent("summary.json"))) as? [String: Any]
        let verifyScopes = Set((summary?["checks"] as? [[String: Any]] ?? []).compactMap { $0["scope"] as? String })
        #expect(verifyScopes == ["full"])
    }

    /// A balance edited between two nights: the next run reads it as its start state, so only the
    /// per-account identity (balance = posted credits − debits, kept on the account) can see it.
    @Test func aBalanceEditedBetweenNightsFailsTheNextRun() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        try box.tamper("""
            UPDATE account_balances SET balance = balance + 1
            WHERE id = (SELECT id FROM accounts WHERE user_id = 'usr_li_wei' AND kind = 'wallet')
            """)
        let again = try box.runNight()
        #expect(again.status == 1, "\(again)")
        let breaks = try box.report("breaks.csv")
        #expect(try breaks.column("check").contains("account_matches_postings"), "\(box.breaksText)")
        #expect(try breaks.column("user_id").contains("usr_li_wei"), "\(box.breaksText)")
    }
}
