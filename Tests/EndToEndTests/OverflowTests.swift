import Foundation
import Testing

/// SPEC §6 at Int64.max scale, through the built binary: accounts rows, transfers, points
/// counters and expected balances of 9223372036854775807 minor units never trap or wrap, and
/// every total in summary.json, trial_balance.csv and balances.csv is exact.
struct OverflowTests {
    static let max = "9223372036854775807"
    /// n × Int64.max, as exact decimal text.
    static func times(_ n: Int) -> String { String(Int128(Int64.max) * Int128(n)) }

    func bigNight(_ box: Sandbox) throws -> BinaryOutcome {
        try box.write("tenants.csv", """
            tenant_id,name,transfer_enabled,points_type,exchange_rate,currency
            t_big,Big,true,yen_points,1,JPY

            """)
        // bob's points counters are at the limit: receiving one more point would carry total_earned past it.
        try box.write("accounts.csv", """
            tenant_id,user_id,kind,currency,balance,total_earned,total_spent
            t_big,alice,wallet,JPY,\(Self.max),,
            t_big,bob,wallet,JPY,0,,
            t_big,alice,points,,\(Self.max),\(Self.max),0
            t_big,bob,points,,0,\(Self.max),\(Self.max)

            """)
        try box.write("transfers.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key
            wallet,t_big,alice,bob,\(Self.max),JPY,k1
            wallet,t_big,bob,alice,\(Self.max),JPY,k2
            points,t_big,alice,bob,1,,k3
            wallet,t_big,alice,bob,9223372036854775808,JPY,k4

            """)
        try box.write("expected_balances.csv", """
            tenant_id,user_id,kind,currency,balance,frozen_balance
            t_big,alice,wallet,JPY,\(Self.max),0
            t_big,bob,wallet,JPY,0,0
            t_big,alice,points,,\(Self.max),0
            t_big,bob,points,,0,0

            """)
        return try box.runNight()
    }

    @Test func transfersOfInt64MaxAreAppliedAndTotalledExactly() throws {
        let box = try Sandbox()
        let outcome = try bigNight(box)
        #expect(outcome.status == 0, "\(outcome)\n\(box.breaksText)")
        let results = try box.report("results.csv").records
        #expect(results.map { "\($0["status"]!) \($0["code"]!)" }
                == ["applied ", "applied ", "rejected invalid_amount", "rejected invalid_amount"])
        #expect(results[2]["message"]?.contains("total_earned of receiver 'bob'") == true, "\(results[2])")

        // summary.json: the applied total is 2 × Int64.max, exact.
        let summary = try box.summary()
        let totals = try #require(summary.json["applied_totals"] as? [[String: Any]])
        #expect(totals.count == 1)
        #expect(totals.first?["amount"] as? String == Self.times(2))
        #expect(totals.first?["transfers"] as? Int == 2)
        #expect(summary.failedChecks.isEmpty)

        // trial_balance.csv: JPY debits = opening (1×) + two transfers (2×); liability 1×.
        let trial = try box.report("trial_balance.csv").records
        let yen = try #require(trial.first { $0["asset"] == "JPY" })
        #expect(yen["total_debits"] == Self.times(3) && yen["total_credits"] == Self.times(3), "\(yen)")
        #expect(yen["difference"] == "0" && yen["user_liability"] == Self.max && yen["cash_equivalent"] == Self.max)
        let points = try #require(trial.first { $0["asset"] == "yen_points" })
        #expect(points["total_debits"] == Self.max && points["user_liability"] == Self.max && points["cash_equivalent"] == Self.max)

        // balances.csv: alice's wallet moved Int64.max each way, exactly.
        let balances = try box.report("balances.csv").records
        let alice = try #require(balances.first { $0["user_id"] == "alice" && $0["kind"] == "wallet" })
        #expect(alice["opening_balance"] == "0" && alice["debits"] == Self.max && alice["credits"] == Self.times(2), "\(alice)")
        #expect(alice["closing_balance"] == Self.max && alice["posted_balance"] == Self.max && alice["difference"] == "0")
        #expect(try box.run(["verify", "--db", box.db]).status == 0)
    }

    @Test func aSecondNightAddsToTotalsBeyondInt64() throws {
        let box = try Sandbox()
        try #require(try bigNight(box).status == 0)
        try box.write("transfers2.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key
            wallet,t_big,alice,bob,\(Self.max),JPY,k5
            wallet,t_big,bob,alice,\(Self.max),JPY,k6

            """)
        let outcome = try box.runNight(transfers: ["transfers2.csv"])
        #expect(outcome.status == 0, "\(outcome)\n\(box.breaksText)")
        let yen = try #require(try box.report("trial_balance.csv").records.first { $0["asset"] == "JPY" })
        #expect(yen["total_debits"] == Self.times(5), "\(yen)")
        let alice = try #require(try box.report("balances.csv").records.first { $0["user_id"] == "alice" && $0["kind"] == "wallet" })
        #expect(alice["opening_balance"] == Self.max && alice["debits"] == Self.max && alice["credits"] == Self.max)
    }

    @Test func accountsRowsAtTheLimitAreBreaksNotCrashes() throws {
        let box = try Sandbox()
        try box.write("tenants.csv", "tenant_id,name,transfer_enabled,currency\nt1,One,true,JPY\n")
        // total_earned derived as balance + total_spent: past Int64.max. And equity that would pass it.
        try box.write("accounts.csv", """
            tenant_id,user_id,kind,balance,total_spent,expired_points
            t1,derived,points,\(Self.max),1,0
            t1,huge,points,\(Self.max),0,\(Self.max)
            t1,full,wallet,\(Self.max),,
            t1,more,wallet,1,,
            t1,toolarge,wallet,9223372036854775808,,

            """)
        let outcome = try box.runNight(transfers: [], expected: nil)
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.stderr.isEmpty || !outcome.stderr.contains("Fatal error"), "\(outcome)")
        let breaks = try box.report("breaks.csv").records
        #expect(breaks.allSatisfy { $0["check"] == "inputs_valid" }, "\(box.breaksText)")
        #expect(Set(breaks.compactMap { $0["user_id"] }) == ["derived", "huge", "more", "toolarge"], "\(box.breaksText)")
        #expect(try box.count("SELECT COUNT(*) FROM accounts WHERE user_id = 'full'") == 1)
        #expect(try box.run(["verify", "--db", box.db]).status == 0)
    }
}
