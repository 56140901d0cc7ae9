import Foundation
import Testing

/// SPEC §5 and issue 9: the break register. Three nights on one ledger: a break appears `new`,
/// stays `open` with the same id and a growing age, and is listed in resolved_breaks.csv on the
/// night it is gone. Ages are whole days since the first sighting; the test backdates that
/// sighting in the ledger instead of waiting days.
struct BreakRegisterTests {
    /// The sample expected-balances file with usr_li_wei's wallet at 999.00 (the ledger holds 1353.30).
    static func writeWrongExpected(_ box: Sandbox) throws {
        let text = try box.read("expected_balances.csv")
        let wrong = text.replacingOccurrences(of: "tnt_sh_tea,usr_li_wei,wallet,CNY,1353.30,", with: "tnt_sh_tea,usr_li_wei,wallet,CNY,999.00,")
        try #require(wrong != text, "the sample expected file changed; update this test")
        try box.write("expected-wrong.csv", wrong)
    }

    /// Moves every open break's first sighting `days` into the past, as if it had been seen then.
    static func backdate(_ box: Sandbox, days: Int) throws {
        try box.tamper("UPDATE break_register SET first_seen_at = first_seen_at - \(Int64(days) * 86_400_000) WHERE resolved_run IS NULL")
    }

    static func runID(_ box: Sandbox, _ outcome: BinaryOutcome) throws -> String {
        try #require(try box.summary(in: box.reportDirectory(printedBy: outcome)).runID, "\(outcome)")
    }

    @Test func aBreakIsNewThenOpenWithAGrowingAgeThenResolved() throws {
        let box = try Sandbox()
        try box.copySamples()
        try Self.writeWrongExpected(box)

        // Night 1: the break appears, new.
        let night1 = try box.runNight(expected: "expected-wrong.csv")
        #expect(night1.status == 1, "\(night1)")
        let run1 = try Self.runID(box, night1)
        let breaks1 = try box.report("breaks.csv").records
        try #require(breaks1.count == 1, "\(box.breaksText)")
        let first = breaks1[0]
        #expect(first["check"] == "expected_balances" && first["user_id"] == "usr_li_wei")
        let breakID = try #require(first["break_id"])
        #expect(breakID.hasPrefix("brk_") && breakID.count == 16, "\(breakID)")
        #expect(first["state"] == "new")
        #expect(first["first_seen_run"] == run1)
        #expect(first["age_days"] == "0")
        let hint = try #require(first["hint"])
        #expect(hint.contains("999.00") && hint.contains("1353.30") && hint.contains("usr_li_wei"), "\(hint)")
        #expect(try box.report("resolved_breaks.csv").rows.isEmpty)

        // Night 2, two days later: the same problem, open, same id, first seen by night 1.
        try Self.backdate(box, days: 2)
        let night2 = try box.runNight(expected: "expected-wrong.csv")
        #expect(night2.status == 1, "\(night2)")
        let second = try #require(try box.report("breaks.csv").records.first, "\(box.breaksText)")
        #expect(second["break_id"] == breakID)
        #expect(second["state"] == "open")
        #expect(second["first_seen_run"] == run1)
        #expect(second["first_seen_at"] != first["first_seen_at"], "moved back two days")
        #expect(second["age_days"] == "2")
        #expect(night2.stdout.contains("breaks:  0 new, 1 open (oldest 2 days)"), "the printed summary: \(night2)")

        // A night without an expected-balances file says nothing about that break: still open.
        try Self.backdate(box, days: 3)
        let quiet = try box.runNight(transfers: [], expected: nil)
        #expect(quiet.status == 0, "\(quiet)")
        #expect(try box.report("resolved_breaks.csv").rows.isEmpty, "not re-checked, so not resolved")

        // A dry run with the right figure shows the break resolved, and records nothing.
        let dry = try box.runNight(expected: "expected_balances.csv", extra: ["--dry-run"])
        #expect(dry.status == 0, "\(dry)")
        let dryResolved = try box.report("resolved_breaks.csv", in: box.reportDirectory(printedBy: dry))
        #expect(try dryResolved.column("break_id") == [breakID])
        // verify reads the register too, and resolves nothing either.
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "\(verify)")
        #expect(try box.report("resolved_breaks.csv", in: box.reportDirectory(printedBy: verify)).rows.isEmpty)
        #expect(try box.count("SELECT COUNT(*) FROM break_register WHERE resolved_run IS NULL") == 1)

        // Night 3: the figure agrees again; the break is resolved, five days after it was first seen.
        let night3 = try box.runNight(expected: "expected_balances.csv")
        #expect(night3.status == 0, "\(night3)")
        let run3 = try Self.runID(box, night3)
        #expect(try box.report("breaks.csv").rows.isEmpty, "\(box.breaksText)")
        let resolved = try box.report("resolved_breaks.csv")
        #expect(resolved.header == ["break_id", "check", "tenant_id", "user_id", "kind", "asset", "first_seen_at", "resolved_run"])
        let row = try #require(resolved.records.first)
        #expect(resolved.rows.count == 1)
        #expect(row["break_id"] == breakID && row["check"] == "expected_balances" && row["tenant_id"] == "tnt_sh_tea")
        #expect(row["user_id"] == "usr_li_wei" && row["kind"] == "wallet" && row["asset"] == "CNY")
        #expect(row["resolved_run"] == run3)
        #expect(night3.stdout.contains("breaks:  0 new, 0 open; 1 resolved (see resolved_breaks.csv)"), "\(night3)")
        #expect(try box.count("SELECT COUNT(*) FROM break_register WHERE resolved_run IS NULL") == 0)

        // Resolved once: the next night lists it no more.
        let night4 = try box.runNight(expected: "expected_balances.csv")
        #expect(night4.status == 0, "\(night4)")
        #expect(try box.report("resolved_breaks.csv").rows.isEmpty)

        // The problem coming back is a new episode: new again, under the same id.
        let again = try box.runNight(expected: "expected-wrong.csv")
        #expect(again.status == 1, "\(again)")
        let back = try #require(try box.report("breaks.csv").records.first)
        #expect(back["break_id"] == breakID && back["state"] == "new" && back["age_days"] == "0")
    }

    /// The id names the problem, not the figures: another wrong amount for the same account is the same break.
    @Test func theIdDoesNotDependOnTheAmounts() throws {
        let box = try Sandbox()
        try box.copySamples()
        try Self.writeWrongExpected(box)
        #expect(try box.runNight(expected: "expected-wrong.csv").status == 1)
        let before = try box.report("breaks.csv").column("break_id")
        try box.write("expected-wrong.csv", try box.read("expected-wrong.csv").replacingOccurrences(of: ",999.00,", with: ",998.00,"))
        #expect(try box.runNight(expected: "expected-wrong.csv").status == 1)
        let after = try box.report("breaks.csv").records
        #expect(after.map { $0["break_id"] } == before.map { $0 })
        #expect(after.first?["state"] == "open")
        #expect(after.first?["expected"] == "998.00")
    }
}
