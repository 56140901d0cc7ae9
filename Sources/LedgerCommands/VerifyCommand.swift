import ArgumentParser
import Foundation
import GRDB
import LedgerCore
import LedgerReports
import LedgerStore

/// `ledger-recon verify`: every ledger check and the reports, importing nothing.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run every ledger check and write the reports; imports nothing.",
        discussion: "Exit codes: 0 the books balance; 1 a check failed; 2 the database cannot be read."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("reports"), help: ArgumentHelp("Directory for report sets.", valueName: "DIR"))
    var reportsRoot = "reports"

    func run() throws {
        let path = database.path
        let exit = JobFailure.exitCode {
            guard FileManager.default.fileExists(atPath: path) else {
                JobFailure.report("no ledger database at \(path) (give --db or set LEDGER_RECON_DB)")
                return .usageOrInput
            }
            return try verify(path: path)
        }
        throw exit.exitCode
    }

    private func verify(path: String) throws -> LedgerExit {
        let runID = RunIdentifier.make(dryRun: false)
        let startedAt = Date()
        let store = try LedgerStore(path: path, readOnly: true)
        let reports = ReportDirectory(root: reportsRoot, runID: runID)
        try reports.create()
        var breaks = BreakBook()
        try store.queue.read { db in
            let balances = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, balance FROM account_balances").map { ($0[0] as Int64, $0[1] as Int64) })
            let watermark = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM postings") ?? 0
            let data = try LedgerReportData(db, openingBalances: balances, watermark: watermark, tenants: try TenantConfig.fetchAll(db))
            breaks.add(data.ledgerViolations)
            try data.writeLedgerReports(breaks: breaks.all, into: reports, trailing: [])
        }
        let results = try CSVReportWriter(path: reports.file("results.csv"), header: ReconciliationReports.resultsHeader)
        try results.close()
        let exit: LedgerExit = breaks.total > 0 ? .checkFailed : .balanced
        let summary = RunSummary(
            runID: runID, command: "verify", startedAt: startedAt.ISO8601Format(), finishedAt: Date().ISO8601Format(),
            dryRun: false, database: path, inputs: [], counts: RunSummary.Counts(), appliedTotals: [:],
            checks: breaks.counts(for: CheckName.ledgerChecks), exitCode: exit.rawValue, reports: reports.finalPath
        )
        try summary.write(to: reports.file("summary.json"))
        try reports.publish()
        let failed = breaks.counts(for: CheckName.ledgerChecks).filter { $0.1 > 0 }
        print("""
            ledger-recon verify \(runID)
              checks:  \(CheckName.ledgerChecks.count - failed.count) passed, \(failed.count) failed\
            \(failed.isEmpty ? "" : " (" + failed.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ") + ")")
              reports: \(reports.finalPath) (also \(reports.latestLink))
              exit \(exit.rawValue): \(exit == .balanced ? "the books balance" : "a check failed; see breaks.csv")
            """)
        return exit
    }
}
