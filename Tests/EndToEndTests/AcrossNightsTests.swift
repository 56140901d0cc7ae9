import Foundation
import Testing

/// What carries from one night to the next (SPEC §2, §3): a rejected row does not use up its key,
/// and an account snapshot is compared with the state the account was opened with, never applied
/// over it.
struct AcrossNightsTests {
    @Test func aRejectedRowAppliesOnALaterNightOnceFundsArrive() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        // Sample line 14: usr_zhang_min → usr_li_wei 500.00 under ik_20261120_0009, rejected for
        // insufficient balance. Tonight zhang_min is funded first, then the same row comes again.
        try box.write("night2.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id,requested_at
            wallet,tnt_sh_tea,usr_li_wei,usr_zhang_min,600.00,CNY,n2_fund,top up,,app,,2026-11-21T09:00:00+08:00
            wallet,tnt_sh_tea,usr_zhang_min,usr_li_wei,500.00,CNY,ik_20261120_0009,余额不足,,app,,2026-11-20T15:25:00+08:00

            """)
        let outcome = try box.runNight(transfers: ["night2.csv"], expected: nil)
        #expect(outcome.status == 0, "\(outcome)")
        let results = try box.report("results.csv")
        #expect(try results.column("status") == ["applied", "applied"], "\(results)")
        #expect(try box.transferEntries() == 10)

        // The sample night once more is a replay of what it decided (SPEC §2 "Running a night
        // again"): that row stays rejected as first decided, and the books do not change.
        let again = try box.runNight(expected: nil)
        #expect(again.status == 0, "\(again)")
        let rows = try box.report("results.csv").records
        #expect(rows[12]["status"] == "rejected")
        #expect(rows[12]["code"] == "insufficient_balance")
        #expect(rows[12]["message"]?.contains("(decided by run ") == true, "\(rows[12])")
        #expect(try box.summary().applied == 0)
        #expect(try box.transferEntries() == 10)

        // The same request in a file of its own is decided afresh: a duplicate of tonight's transfer.
        try box.write("night3.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id,requested_at
            wallet,tnt_sh_tea,usr_zhang_min,usr_li_wei,500.00,CNY,ik_20261120_0009,余额不足,,app,,2026-11-20T15:25:00+08:00

            """)
        #expect(try box.runNight(transfers: ["night3.csv"], expected: nil).status == 0)
        let third = try box.report("results.csv").records
        #expect(third[0]["status"] == "duplicate")
        #expect(third[0]["transfer_id"] == results.records[1]["transfer_id"])
    }

    @Test func aChangedSnapshotIsABreakNeverAnOverwrite() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let before = try box.ledgerState()
        let accounts = try box.read("accounts.csv")
        let changed = accounts.replacingOccurrences(of: "tnt_sh_tea,usr_li_wei,wallet,CNY,1500.00,",
                                                    with: "tnt_sh_tea,usr_li_wei,wallet,CNY,1600.00,")
        try #require(changed != accounts)
        try box.write("accounts-changed.csv", changed)

        let outcome = try box.runNight(accounts: ["accounts-changed.csv"])
        #expect(outcome.status == 1, "\(outcome)")
        let summary = try box.summary()
        #expect(summary.failedChecks == ["snapshot_matches"])
        #expect(summary.checks["snapshot_matches"]?.violations == 1)
        let breaks = try box.report("breaks.csv").records
        try #require(breaks.count == 1, "\(box.breaksText)")
        #expect(breaks[0]["check"] == "snapshot_matches")
        #expect(breaks[0]["tenant_id"] == "tnt_sh_tea")
        #expect(breaks[0]["user_id"] == "usr_li_wei")
        #expect(breaks[0]["asset"] == "CNY")
        #expect(breaks[0]["detail"]?.contains("1600.00") == true, "the detail says what the file says")
        // Never an overwrite: balances and entries as they were, and the expected balances still hold.
        let after = try box.ledgerState()
        #expect(after.accounts == before.accounts)
        #expect(after.entries == before.entries)
        #expect(summary.checks["expected_balances"]?.status == "pass")
    }
}
