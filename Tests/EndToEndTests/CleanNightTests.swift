import Foundation
import Testing

/// Scenario 1: the sample night on a fresh ledger (SPEC §3–§5). 18 rows: 8 applied, 1 duplicate,
/// 9 rejected (every code of SPEC §2 at least once), every check passes, exit 0.
struct CleanNightTests {
    /// What each of the 18 sample rows must come to, in file order: (line, status, code).
    static let expectedOutcomes: [(line: Int, status: String, code: String)] = [
        (2, "applied", ""),
        (3, "applied", ""),
        (4, "applied", ""),
        (5, "applied", ""),  // keyless, identical to the next row: both apply under derived keys
        (6, "applied", ""),
        (7, "duplicate", ""),  // ik_20261120_0001 again, same content, later requested_at
        (8, "rejected", "idempotency_conflict"),  // ik_20261120_0001 with another amount
        (9, "rejected", "invalid_request"),  // self-transfer
        (10, "rejected", "invalid_amount"),  // "1,000.00"
        (11, "rejected", "not_found"),  // usr_nobody
        (12, "rejected", "transfer_disabled"),  // tnt_beta_club points
        (13, "rejected", "account_inactive"),  // frozen sender
        (14, "rejected", "insufficient_balance"),
        (15, "applied", ""),
        (16, "applied", ""),
        (17, "applied", ""),
        (18, "rejected", "invalid_amount"),  // 1500.5 JPY
        (19, "rejected", "account_inactive"),  // closed receiver
    ]

    @Test func cleanNightExitsZeroWithTheExpectedCountsAndChecks() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight()
        #expect(outcome.status == 0, "\(outcome)")

        let summary = try box.summary()
        #expect(summary.read == 18)
        #expect(summary.applied == 8)
        #expect(summary.duplicate == 1)
        #expect(summary.rejected == 9)
        #expect(summary.rejectedByCode == [
            "invalid_request": 1, "invalid_amount": 2, "idempotency_conflict": 1, "not_found": 1,
            "transfer_disabled": 1, "account_inactive": 2, "insufficient_balance": 1,
        ])
        #expect(Set(summary.checks.keys) == Set(allCheckNames))
        for name in allCheckNames {
            #expect(summary.checks[name]?.status == "pass", "check \(name)")
            #expect(summary.checks[name]?.violations == 0, "check \(name)")
        }
        #expect(summary.exitCode == 0)
        #expect(summary.dryRun == false)

        // Inputs: every file with its row count and a SHA-256.
        let inputs = try #require(summary.json["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["role"] as? String } == ["tenants", "accounts", "transfers", "expected"])
        #expect(inputs.map { $0["rows"] as? Int } == [3, 15, 18, 15])
        for input in inputs {
            let sha = try #require(input["sha256"] as? String)
            let path = try #require(input["path"] as? String)
            #expect(sha == (try sha256sum(box.url(path))), "sha256 of \(path)")
        }

        // Applied totals per tenant and asset.
        let totals = try #require(summary.json["applied_totals"] as? [[String: Any]])
        let byAsset = Dictionary(uniqueKeysWithValues: totals.map {
            ("\($0["tenant_id"] ?? "")/\($0["kind"] ?? "")/\($0["asset"] ?? "")",
             "\($0["transfers"] ?? "") \($0["amount"] ?? "")")
        })
        #expect(byAsset == [
            "tnt_sh_tea/wallet/CNY": "3 164.30",
            "tnt_sh_tea/points/cash_equivalent": "3 500",
            "tnt_tokyo_books/wallet/JPY": "1 1500",
            "tnt_tokyo_books/points/book_points": "1 250",
        ])

        // The run id names the directory latest points at, and stdout says where the reports are.
        let runID = try #require(summary.runID)
        #expect(runID.wholeMatch(of: /\d{8}T\d{6}Z-[0-9a-f]{4}/) != nil, "run id \(runID)")
        #expect(try box.latestRunDirectory().lastPathComponent == runID)
        #expect(outcome.stdout.contains("ledger-recon run \(runID)"))
        #expect(outcome.stdout.contains("18 read, 8 applied, 1 duplicate, 9 rejected"))
        #expect(outcome.stdout.contains("10 passed, 0 failed"))
        #expect(outcome.stdout.contains("reports: reports/\(runID)"))
        #expect(outcome.stdout.contains("exit 0"))

        // What the run left in the ledger: 8 transfers, and an opening entry for each of the 11
        // accounts whose opening balance is not zero.
        #expect(try box.transferEntries() == 8)
        #expect(try box.count("SELECT COUNT(*) FROM transfers WHERE entry_type = 'opening'") == 11)
        #expect(try box.count("SELECT COUNT(*) FROM accounts WHERE NOT is_system") == 15)
    }

    @Test func cleanNightResultsListEveryRowInInputOrder() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight()
        #expect(outcome.status == 0, "\(outcome)")

        let results = try box.report("results.csv")
        #expect(results.header == ["file", "line", "idempotency_key", "kind", "tenant_id", "from_user_id", "to_user_id",
                                   "amount", "currency", "status", "code", "message", "transfer_id", "requested_at",
                                   "description", "reason", "source", "reference_id"])
        try #require(results.rows.count == 18)
        let rows = results.records
        for (row, expected) in zip(rows, Self.expectedOutcomes) {
            #expect(row["file"] == "transfers.csv")
            #expect(row["line"] == String(expected.line))
            #expect(row["status"] == expected.status, "line \(expected.line)")
            #expect(row["code"] == expected.code, "line \(expected.line)")
            if expected.status == "rejected" {
                #expect(row["message"]?.isEmpty == false, "a rejection says why, line \(expected.line)")
                #expect(row["transfer_id"] == "", "line \(expected.line)")
            } else {
                #expect(row["transfer_id"]?.hasPrefix("trf_") == true, "line \(expected.line)")
            }
        }

        // The two keyless identical rows: derived auto-… keys, different, both applied as different transfers.
        let keyless = [rows[3], rows[4]]
        for row in keyless {
            let key = try #require(row["idempotency_key"])
            #expect(key.wholeMatch(of: /auto-[0-9a-f]{32}/) != nil, "derived key \(key)")
        }
        #expect(keyless[0]["idempotency_key"] != keyless[1]["idempotency_key"])
        #expect(keyless[0]["transfer_id"] != keyless[1]["transfer_id"])

        // The duplicate points at the original's transfer; the conflict names the key it reused.
        #expect(rows[5]["idempotency_key"] == "ik_20261120_0001")
        #expect(rows[5]["transfer_id"] == rows[0]["transfer_id"])
        #expect(rows[6]["message"]?.contains("ik_20261120_0001") == true)
        // Every applied row has its own transfer id.
        let appliedIDs = rows.filter { $0["status"] == "applied" }.compactMap { $0["transfer_id"] }
        #expect(Set(appliedIDs).count == 8)

        // Valid rows show normalised values; a rejected row shows its amount as it came.
        #expect(rows[1]["amount"] == "35.00")
        #expect(rows[0]["requested_at"] == "2026-11-20T01:15:00Z")
        #expect(rows[14]["requested_at"] == "2026-11-20T01:00:00Z")
        #expect(rows[8]["amount"] == "1,000.00")
        #expect(rows[16]["amount"] == "1500.5")

        // The last four columns are the row's own text, so a row can be matched to its order.
        #expect(rows[0]["description"] == "奶茶店分账" && rows[0]["source"] == "pos" && rows[0]["reference_id"] == "order_9001")
        #expect(rows[2]["reason"] == "生日礼物")
        #expect(rows[1]["description"] == "午餐 AA, 三人")
    }

    @Test func cleanNightBalancesAgreeWithTheExpectedBalances() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight()
        #expect(outcome.status == 0, "\(outcome)")

        let balances = try box.report("balances.csv")
        #expect(balances.header == ["tenant_id", "user_id", "kind", "asset", "account_id", "status", "opening_balance",
                                    "debits", "credits", "closing_balance", "frozen_balance", "posted_balance", "difference"])
        let expected = try CSVTable(contentsOf: box.url("expected_balances.csv"))
        try #require(balances.rows.count == expected.rows.count)

        // Points accounts are keyed by the tenant's points type in balances.csv.
        let pointsType = ["tnt_sh_tea": "cash_equivalent", "tnt_tokyo_books": "book_points", "tnt_beta_club": "cash_equivalent"]
        let byAccount = Dictionary(uniqueKeysWithValues: balances.records.map {
            ("\($0["tenant_id"]!)/\($0["user_id"]!)/\($0["kind"]!)/\($0["asset"]!)", $0)
        })
        for want in expected.records {
            let asset = want["kind"] == "points" ? pointsType[want["tenant_id"]!]! : want["currency"]!
            let key = "\(want["tenant_id"]!)/\(want["user_id"]!)/\(want["kind"]!)/\(asset)"
            let row = try #require(byAccount[key], "balances.csv has no row for \(key)")
            #expect(row["closing_balance"] == want["balance"], "closing balance of \(key)")
            #expect(row["posted_balance"] == want["balance"], "posted balance of \(key)")
            #expect(row["frozen_balance"] == want["frozen_balance"], "frozen balance of \(key)")
            #expect(row["difference"].flatMap { Decimal(string: $0) } == 0, "difference of \(key)")
        }

        // Sorted by tenant, kind, asset, user.
        let sortKeys = balances.records.map { [$0["tenant_id"]!, $0["kind"]!, $0["asset"]!, $0["user_id"]!] }
        #expect(sortKeys == sortKeys.sorted { $0.lexicographicallyPrecedes($1) })

        // One account in full: opened in this run, so its opening entry is a credit from 0.
        let liWei = try #require(byAccount["tnt_sh_tea/usr_li_wei/wallet/CNY"])
        #expect(liWei["opening_balance"] == "0.00")
        #expect(liWei["debits"] == "155.50")
        #expect(liWei["credits"] == "1508.80")
        #expect(liWei["status"] == "active")
        #expect(liWei["account_id"]?.hasPrefix("wlt_") == true)
        #expect(byAccount["tnt_sh_tea/usr_chen_jie/wallet/CNY"]?["status"] == "frozen")
        #expect(byAccount["tnt_beta_club/usr_bravo/wallet/CNY"]?["status"] == "closed")
    }

    @Test func cleanNightTrialBalanceIsZeroAndThereAreNoBreaks() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight()
        #expect(outcome.status == 0, "\(outcome)")

        let trial = try box.report("trial_balance.csv")
        #expect(trial.header == ["tenant_id", "kind", "asset", "accounts", "total_debits", "total_credits", "difference",
                                 "user_liability", "cash_equivalent"])
        #expect(trial.rows.count == 6, "three tenants × (wallet, points)\n\(trial)")
        for row in trial.records {
            #expect(row["difference"].flatMap { Decimal(string: $0) } == 0, "\(row)")
            #expect(row["total_debits"] == row["total_credits"], "\(row)")
        }
        let lines = Dictionary(uniqueKeysWithValues: trial.records.map { ("\($0["tenant_id"]!)/\($0["asset"]!)", $0) })
        #expect(lines["tnt_sh_tea/CNY"]?["user_liability"] == "2088.80")
        #expect(lines["tnt_sh_tea/cash_equivalent"]?["user_liability"] == "6200")
        #expect(lines["tnt_sh_tea/cash_equivalent"]?["cash_equivalent"] == "62.00")
        #expect(lines["tnt_tokyo_books/book_points"]?["cash_equivalent"] == "850")
        #expect(lines["tnt_tokyo_books/JPY"]?["user_liability"] == "12300")
        #expect(lines["tnt_beta_club/cash_equivalent"]?["cash_equivalent"] == "10.00")

        let breaks = try box.report("breaks.csv")
        #expect(breaks.header == ["check", "tenant_id", "user_id", "kind", "asset", "expected", "actual", "difference", "detail",
                                  "break_id", "state", "first_seen_at", "first_seen_run", "age_days", "hint"])
        #expect(breaks.rows.isEmpty, "\(breaks)")
        #expect(try box.read("reports/latest/breaks.csv") == breaks.header.joined(separator: ",") + "\n")
    }

    /// SPEC §4 exit 4: rows were rejected, no check failed, and --fail-on-rejects was given.
    @Test func failOnRejectsExitsFourOnTheSampleNight() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight(extra: ["--fail-on-rejects"])
        #expect(outcome.status == 4, "\(outcome)")
        let summary = try box.summary()
        #expect(summary.exitCode == 4)
        #expect(summary.failedChecks.isEmpty)
        #expect(summary.applied == 8, "rejects do not stop the others from applying")
        #expect(try box.transferEntries() == 8)
    }
}

/// The file's SHA-256 as coreutils computes it, to check summary.json against an outside tool.
func sha256sum(_ url: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [url.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}
