import Foundation
import Testing

/// Scenario 7: --dry-run applies nothing durable and says so in every report (SPEC §4, §6).
struct DryRunTests {
    @Test func aDryRunChangesNothingAndSaysSoEverywhere() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let latestBefore = try box.latestRunDirectory()
        try box.write("transfers-night2.csv", SecondNight.transfers)
        try box.write("expected-night2.csv", SecondNight.expected)
        let before = try box.ledgerState()

        let dry = try box.runNight(transfers: ["transfers-night2.csv"], expected: "expected-night2.csv", extra: ["--dry-run"])
        #expect(dry.status == 0, "\(dry)")
        let after = try box.ledgerState()
        #expect(after.entries == before.entries)
        #expect(after.postings == before.postings)
        #expect(after.runs == before.runs, "a dry run leaves no row in runs")
        #expect(after.accounts == before.accounts, "a dry run leaves every balance as it was")
        #expect(after.tenants == before.tenants)

        // The reports exist in a directory of their own, and say that this was a dry run;
        // reports/latest still shows the last real run (SPEC §5).
        let directory = try box.reportDirectory(printedBy: dry)
        let summary = try box.summary(in: directory)
        #expect(summary.dryRun == true)
        let runID = try #require(summary.runID)
        #expect(runID.hasSuffix("-dry"), "run id \(runID)")
        #expect(directory.lastPathComponent == runID)
        #expect(try box.latestRunDirectory() == latestBefore, "a dry run never moves reports/latest")
        #expect(summary.applied == 3, "the dry run reports what it would have applied")
        #expect(summary.failedChecks.isEmpty, "checks run against the would-be state")
        #expect(dry.stdout.contains("dry run"))
        for name in RerunTests.comparedReports {
            let table = try box.report(name, in: directory)
            #expect(table.header.last == "dry_run", "\(name) header \(table.header)")
            #expect(table.rows.allSatisfy { $0.last == "true" }, "\(name) rows carry dry_run = true")
        }
        #expect(try box.report("results.csv", in: directory).rows.count == 3)

        // The dry run consumed nothing: the same night for real applies every row.
        let real = try box.runNight(transfers: ["transfers-night2.csv"], expected: "expected-night2.csv")
        #expect(real.status == 0, "\(real)")
        let realSummary = try box.summary()
        #expect(realSummary.dryRun == false)
        #expect(realSummary.applied == 3)
        #expect(realSummary.duplicate == 0)
        #expect(try box.transferEntries() == 11)
        #expect(try !box.report("results.csv").header.contains("dry_run"))
    }

    /// A dry run on an empty ledger: even the account openings are rolled back. The ledger file
    /// the run was asked for exists afterwards (it is the ledger the next night writes), and holds
    /// nothing: no entry, no account, no run.
    @Test func aDryRunOnAFreshLedgerLeavesItEmpty() throws {
        let box = try Sandbox()
        try box.copySamples()
        let dry = try box.runNight(extra: ["--dry-run"])
        #expect(dry.status == 0, "\(dry)")
        #expect(try box.summary(in: box.reportDirectory(printedBy: dry)).applied == 8)
        #expect(!FileManager.default.fileExists(atPath: box.latest.path), "no real run yet, so no reports/latest")
        try #require(try box.hasLedger(), "the dry run's ledger exists: \(dry)")
        let state = try box.ledgerState()
        #expect(state.entries == 0)
        #expect(state.postings == 0)
        #expect(state.accounts.isEmpty)
        #expect(state.runs == 0)
        let real = try box.runNight()
        #expect(real.status == 0, "\(real)")
        #expect(try box.summary().applied == 8)
    }
}
