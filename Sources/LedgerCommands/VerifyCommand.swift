import ArgumentParser
import Foundation
import GRDB
import LedgerCore
import LedgerReports
import LedgerStore

/// `ledger-recon verify`: SQLite's integrity check, every ledger check and the reports,
/// importing nothing. Its reports go to a directory of their own; `reports/latest` stays on the
/// last run (SPEC §5).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the ledger file (SQLite integrity) and the books, and write the reports; imports nothing.",
        discussion: """
            Exit codes: 0 the books balance; 1 a check failed (storage_integrity: the file is damaged); \
            2 the database cannot be read; 5 the reports could not be written. The last line on stdout states the exit code.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("reports"), help: ArgumentHelp("Directory for report sets.", valueName: "DIR"))
    var reportsRoot = "reports"

    func run() throws {
        let path = database.path
        let exit = JobFailure.exitCode(database: path) {
            guard FileManager.default.fileExists(atPath: path) else {
                throw MissingLedger(path: path)
            }
            let store = try LedgerStore(path: path, readOnly: true)
            let reports = ReportDirectory(root: reportsRoot, runID: RunIdentifier.make(dryRun: false))
            try reports.create()
            do {
                return try verify(store, path: path, reports: reports)
            } catch {
                // Verify applies nothing, but a report it could not write is still a stop part-way.
                throw RunStopped(cause: error, applied: error is ReportError ? nil : false)
            }
        }
        throw exit.exitCode
    }

    private func verify(_ store: LedgerStore, path: String, reports: ReportDirectory) throws -> LedgerExit {
        let startedAt = Date()
        var breaks = BreakBook()
        for problem in store.integrityProblems() {
            breaks.add(CheckViolation(check: .storageIntegrity, detail: problem))
        }
        do {
            try store.queue.read { db in
                let balances = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, balance FROM account_balances").map { ($0[0] as Int64, $0[1] as Int64) })
                let watermark = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM postings") ?? 0
                let data = try LedgerReportData(db, openingBalances: balances, watermark: watermark, tenants: try TenantConfig.fetchAll(db))
                breaks.add(data.ledgerViolations)
                try data.writeLedgerReports(breaks: breaks.all, into: reports, trailing: [])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || breaks.total > 0 {
            // A damaged file: the ledger checks cannot read it. storage_integrity says why.
            breaks.add(CheckViolation(check: .storageIntegrity, detail: "the ledger checks could not read the file: \(error.message ?? "\(error)")"))
            try ReconciliationReports.writeBreaks(breaks.all, to: reports.file("breaks.csv"), trailing: [])
        }
        let results = try CSVReportWriter(path: reports.file("results.csv"), header: ReconciliationReports.resultsHeader)
        try results.close()
        let exit: LedgerExit = breaks.total > 0 ? .checkFailed : .balanced
        let checks = breaks.counts(for: CheckName.verifyChecks)
        let summary = RunSummary(
            runID: reports.runID, command: "verify", startedAt: startedAt.ISO8601Format(), finishedAt: Date().ISO8601Format(),
            dryRun: false, database: path, inputs: [], counts: RunSummary.Counts(), appliedTotals: [:],
            checks: checks, exitCode: exit.rawValue, reports: reports.finalPath
        )
        try summary.write(to: reports.file("summary.json"))
        try reports.publish(movingLatest: false)
        let failed = checks.filter { $0.1 > 0 }
        print("""
            ledger-recon verify \(reports.runID)
              checks:  \(checks.count - failed.count) passed, \(failed.count) failed\
            \(failed.isEmpty ? "" : " (" + failed.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ") + ")")
              reports: \(reports.finalPath) (reports/latest not moved)
              \(exit.statusLine)
            """)
        return exit
    }
}

/// `verify` and the queries never create a ledger (SPEC §4).
struct MissingLedger: Error, CustomStringConvertible {
    let path: String

    var description: String { "no ledger at \(path): check --db / LEDGER_RECON_DB (verify never creates one)" }
}
