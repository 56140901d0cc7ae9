import Foundation
import Testing

/// Scenarios 2 and 3: the same night again changes nothing and reports the same; a second night
/// with new transfers applies exactly those (SPEC §2 idempotency, §5 "byte-identical").
struct RerunTests {
    static let comparedReports = ["results.csv", "balances.csv", "trial_balance.csv", "breaks.csv"]

    @Test func theSameNightAgainAppliesNothingAndReportsTheSame() throws {
        let box = try Sandbox()
        try box.copySamples()
        let first = try box.runNight()
        try #require(first.status == 0, "\(first)")
        let afterFirst = try box.ledgerState()

        var reruns: [URL] = []
        for attempt in 2...3 {
            let outcome = try box.runNight()
            #expect(outcome.status == 0, "run \(attempt): \(outcome)")
            let summary = try box.summary()
            #expect(summary.read == 18, "run \(attempt)")
            #expect(summary.applied == 0, "run \(attempt)")
            #expect(summary.duplicate == 9, "run \(attempt): the 8 applied rows and the duplicate")
            #expect(summary.rejected == 9, "run \(attempt)")
            #expect(summary.rejectedByCode == [
                "invalid_request": 1, "invalid_amount": 2, "idempotency_conflict": 1, "not_found": 1,
                "transfer_disabled": 1, "account_inactive": 2, "insufficient_balance": 1,
            ], "run \(attempt)")
            #expect(summary.failedChecks.isEmpty, "run \(attempt)")
            #expect(try box.transferEntries() == 8, "run \(attempt) added transfer entries")
            let state = try box.ledgerState()
            #expect(state.entries == afterFirst.entries, "run \(attempt)")
            #expect(state.postings == afterFirst.postings, "run \(attempt)")
            #expect(state.accounts == afterFirst.accounts, "run \(attempt) changed an account")
            reruns.append(try box.latestRunDirectory())

            // Every row that applied the first night is now a duplicate of the same transfer.
            let results = try box.report("results.csv")
            #expect(try results.column("status").filter { $0 == "duplicate" }.count == 9)
        }
        try #require(reruns.count == 2 && reruns[0] != reruns[1], "each run has its own report directory")

        // Runs 2 and 3 saw the same ledger and the same files: the same reports, byte for byte.
        for name in Self.comparedReports {
            let second = try String(contentsOf: reruns[0].appendingPathComponent(name), encoding: .utf8)
            let third = try String(contentsOf: reruns[1].appendingPathComponent(name), encoding: .utf8)
            #expect(second == third, "\(name) differs between two re-runs of the same night")
        }
        #expect(try box.summary(in: reruns[0]).comparable() == box.summary(in: reruns[1]).comparable())
    }

    @Test func twoFreshLedgersGivenTheSameNightWriteTheSameReports() throws {
        let first = try Sandbox(), second = try Sandbox()
        for box in [first, second] {
            try box.copySamples()
            let outcome = try box.runNight()
            try #require(outcome.status == 0, "\(outcome)")
        }
        // Ids are minted per ledger (transfers, accounts, runs); everything else must agree.
        let masks = ["results.csv": ["transfer_id"], "balances.csv": ["account_id"]]
        for name in Self.comparedReports {
            let tables = try [first, second].map { box in
                var table = try box.report(name).maskingIDs(in: masks[name] ?? [])
                if name == "results.csv" {
                    let message = try table.index(of: "message")
                    for row in table.rows.indices { table.rows[row][message] = Self.maskingIDs(table.rows[row][message]) }
                }
                return table
            }
            #expect(tables[0] == tables[1], "\(name) differs beyond ids")
        }
        // Chain heads hash each ledger's own ids and times: they differ like ids do.
        let summaries = try [first, second].map {
            try $0.summary().comparable(ignoring: ["run_id", "started_at", "finished_at", "reports", "database", "chain_heads"])
        }
        #expect(summaries[0] == summaries[1])
    }

    /// Run ids and transfer ids inside free text (the conflict message names the original).
    static func maskingIDs(_ text: String) -> String {
        text.replacing(/\d{8}T\d{6}Z-[0-9a-f]{4}(-dry)?/, with: "<run>").replacing(/trf_[0-9A-Z]{26}/, with: "<trf>")
    }

    @Test func aSecondNightAppliesItsNewTransfers() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)

        try box.write("transfers-night2.csv", SecondNight.transfers)
        try box.write("expected-night2.csv", SecondNight.expected)
        // Cron passes the same tenants and accounts files again: harmless.
        let outcome = try box.runNight(transfers: ["transfers-night2.csv"], expected: "expected-night2.csv")
        #expect(outcome.status == 0, "\(outcome)")
        let summary = try box.summary()
        #expect(summary.read == 3)
        #expect(summary.applied == 3)
        #expect(summary.duplicate == 0)
        #expect(summary.rejected == 0)
        #expect(summary.failedChecks.isEmpty, "\(box.breaksText)")
        #expect(try box.report("breaks.csv").rows.isEmpty)
        #expect(try box.transferEntries() == 11)
        #expect(try box.report("results.csv").column("status") == ["applied", "applied", "applied"])

        // Opening = the balance at this run's start; only this night's movements.
        let balances = Dictionary(uniqueKeysWithValues: try box.report("balances.csv").records.map {
            ("\($0["tenant_id"]!)/\($0["user_id"]!)/\($0["asset"]!)", $0)
        })
        let liWei = try #require(balances["tnt_sh_tea/usr_li_wei/CNY"])
        #expect(liWei["opening_balance"] == "1353.30")
        #expect(liWei["debits"] == "100.25")
        #expect(liWei["credits"] == "0.00")
        #expect(liWei["closing_balance"] == "1253.05")
        let sato = try #require(balances["tnt_tokyo_books/usr_sato/JPY"])
        #expect(sato["opening_balance"] == "10500")
        #expect(sato["credits"] == "800")
        #expect(sato["closing_balance"] == "11300")
    }
}

/// A second night on top of the sample night: three transfers between sample users, and the
/// balances an outside system would report afterwards, worked out by hand.
enum SecondNight {
    static let transfers = """
        kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id,requested_at
        wallet,tnt_sh_tea,usr_li_wei,usr_zhang_min,100.25,CNY,n2_0001,晚餐,,app,order_9100,2026-11-21T19:00:00+08:00
        points,tnt_sh_tea,usr_zhang_min,usr_wang_fang,150,,n2_0002,积分转赠,还礼,app,,2026-11-21T20:00:00+08:00
        wallet,tnt_tokyo_books,usr_suzuki,usr_sato,800,JPY,n2_0003,refund,,web,inv_78,2026-11-21T10:00:00+09:00

        """

    /// After the sample night: li_wei 1353.30 − 100.25; zhang_min 35.00 + 100.25; zhang_min points
    /// 200 − 150; wang_fang points 1300 + 150; suzuki 1800 − 800; sato 10500 + 800.
    static let expected = """
        tenant_id,user_id,kind,currency,balance,frozen_balance
        tnt_sh_tea,usr_li_wei,wallet,CNY,1253.05,100.00
        tnt_sh_tea,usr_wang_fang,wallet,CNY,200.50,0.00
        tnt_sh_tea,usr_zhang_min,wallet,CNY,135.25,0.00
        tnt_sh_tea,usr_chen_jie,wallet,CNY,500.00,0.00
        tnt_sh_tea,usr_li_wei,points,,4700,200
        tnt_sh_tea,usr_wang_fang,points,,1450,0
        tnt_sh_tea,usr_zhang_min,points,,50,0
        tnt_tokyo_books,usr_sato,wallet,JPY,11300,0
        tnt_tokyo_books,usr_suzuki,wallet,JPY,1000,0
        tnt_tokyo_books,usr_sato,points,,550,0
        tnt_tokyo_books,usr_suzuki,points,,300,0
        tnt_beta_club,usr_alpha,wallet,CNY,20.00,0.00
        tnt_beta_club,usr_bravo,wallet,CNY,0.00,0.00
        tnt_beta_club,usr_alpha,points,,1000,0
        tnt_beta_club,usr_bravo,points,,0,0

        """
}
