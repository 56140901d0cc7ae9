import Foundation
import GRDB
import Testing

/// Scenario 10: --help on every command, usage errors, and `verify` (SPEC §4).
struct CommandLineTests {
    @Test(arguments: [[], ["run"], ["verify"], ["transactions"], ["accounts"]])
    func helpWorksOnEveryCommand(_ command: [String]) throws {
        let box = try Sandbox()
        let outcome = try box.run(command + ["--help"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("USAGE:"), "\(outcome)")
        if let name = command.first {
            #expect(outcome.stdout.contains("ledger-recon \(name)"), "\(outcome)")
        }
        #expect(!FileManager.default.fileExists(atPath: box.db), "--help opens no database")
    }

    @Test(arguments: [
        ["run", "--batch-size", "0", "--transfers", "transfers.csv"],
        ["run", "--batch-size", "100001", "--transfers", "transfers.csv"],
        ["run", "--batch-size", "many", "--transfers", "transfers.csv"],
        ["run"],
        ["run", "--transfers", "transfers.csv", "--no-such-option"],
        ["no-such-command"],
        ["transactions", "--user", "usr_li_wei"],
        ["accounts"],
    ])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.run(arguments)
        #expect(outcome.status == 2, "\(outcome)")
        #expect(!outcome.stderr.isEmpty, "a usage error says what is wrong")
        #expect(!FileManager.default.fileExists(atPath: box.url("ledger.sqlite").path), "nothing was created")
    }

    @Test func verifyOnAMissingDatabaseExitsTwoAndCreatesNothing() throws {
        let box = try Sandbox()
        let outcome = try box.run(["verify", "--db", box.db])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.contains(box.ledgerName), "the message names the missing database")
        #expect(try !box.hasLedger())
    }

    /// `verify` imports nothing (SPEC §4): given a file that is not a ledger — empty, or another
    /// application's SQLite database — it must say so (exit 2) and leave the file as it was, not
    /// turn it into an empty ledger and report that "the books balance".
    @Test(arguments: ["empty", "foreign"])
    func verifyOnAFileThatIsNotALedgerExitsTwoAndChangesNothing(_ kind: String) throws {
        let box = try Sandbox()
        let path = box.url("\(kind).sqlite").path
        if kind == "empty" {
            try box.write("\(kind).sqlite", "")
        } else {
            let other = try DatabaseQueue(path: path)
            try other.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)") }
            try other.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let outcome = try box.run(["verify", "--db", path])
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        // A Bool, not two Data: Swift Testing would diff the bytes of a failed comparison.
        let unchanged = after == before
        #expect(outcome.status == 2, "\(outcome)")
        #expect(unchanged, "verify wrote into \(kind).sqlite: \(before.count) bytes before, \(after.count) after")
    }

    @Test func verifyAfterTheSampleNightPassesEveryLedgerCheck() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let before = try box.ledgerState()

        let outcome = try box.run(["verify", "--db", box.db])
        #expect(outcome.status == 0, "\(outcome)")
        let reports = try box.reportDirectory(printedBy: outcome)
        let summary = try box.summary(in: reports)
        #expect(summary.exitCode == 0)
        #expect(summary.json["command"] as? String == "verify")
        #expect(!summary.checks.isEmpty)
        #expect(summary.checks["storage_integrity"]?.status == "pass")
        #expect(summary.failedChecks.isEmpty)
        #expect(try box.report("breaks.csv", in: reports).rows.isEmpty)
        #expect(try box.report("balances.csv", in: reports).rows.count == 15)
        #expect(try box.ledgerState().entries == before.entries, "verify imports nothing")
        #expect(try box.ledgerState().accounts == before.accounts)
    }

    /// The query commands read what the night wrote (SPEC §4): JSON as the seeds' responses.
    @Test func transactionsListsAUsersRecordsNewestFirst() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let outcome = try box.run(["transactions", "--db", box.db, "--tenant", "tnt_sh_tea", "--user", "usr_wang_fang"])
        #expect(outcome.status == 0, "\(outcome)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        // usr_wang_fang's points: opening 1200 (created now), +300 from li_wei at 13:00, −100 twice
        // to zhang_min at 14:00. The transfers carry their requested_at, newest first.
        #expect(items.count == 4)
        #expect(json["total"] as? Int == 4)
        #expect(items.compactMap { $0["type"] as? String }.sorted() == ["adjust", "earn", "spend", "spend"])
        let transfers = items.filter { $0["type"] as? String != "adjust" }
        #expect(transfers.map { $0["type"] as? String } == ["spend", "spend", "earn"])
        #expect(transfers.map { $0["balance_after"] as? Int } == [1300, 1400, 1500])
        #expect(items.first { $0["type"] as? String == "adjust" }?["source"] as? String == "opening_balance")
        // requested_at (13:00 and 14:00 in +08:00) became the records' created_at.
        #expect(transfers.map { $0["created_at"] as? String } == ["2026-11-20T06:00:00Z", "2026-11-20T06:00:00Z", "2026-11-20T05:00:00Z"])

        let unknown = try box.run(["transactions", "--db", box.db, "--tenant", "tnt_sh_tea", "--user", "usr_nobody"])
        #expect(unknown.status == 2, "\(unknown)")
    }

    /// SPEC §4: the database defaults to ledger.sqlite in the working directory; LEDGER_RECON_DB
    /// overrides the default and --db overrides both.
    @Test(.enabled(if: TestBackend.isSQLite, "the default is an SQLite file in the working directory"))
    func theDatabasePathDefaultsAndTheEnvironmentOverrides() throws {
        let box = try Sandbox()
        try box.copySamples()
        let plain = try box.run(["run", "--tenants", "tenants.csv", "--accounts", "accounts.csv", "--transfers", "transfers.csv"])
        #expect(plain.status == 0, "\(plain)")
        #expect(FileManager.default.fileExists(atPath: box.db), "ledger.sqlite in the working directory")

        let other = box.url("other.sqlite").path
        let fromEnvironment = try box.run(["run", "--tenants", "tenants.csv", "--accounts", "accounts.csv",
                                           "--transfers", "transfers.csv"], environment: ["LEDGER_RECON_DB": other])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment)")
        #expect(try box.summary().applied == 8, "a fresh ledger at LEDGER_RECON_DB, not ledger.sqlite again")
        #expect(try box.summary().json["database"] as? String == other)

        let explicit = try box.run(["verify", "--db", box.db], environment: ["LEDGER_RECON_DB": other])
        #expect(explicit.status == 0, "\(explicit)")
        #expect(try box.summary(in: box.reportDirectory(printedBy: explicit)).json["database"] as? String == box.db,
                "--db wins over the environment")
    }
}
