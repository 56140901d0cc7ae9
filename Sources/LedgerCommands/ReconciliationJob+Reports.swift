import Foundation
import LedgerCore
import LedgerReports

extension ReconciliationJob {
    /// Writes balances, trial balance, breaks and summary into the run's (still temporary) directory.
    func writeReports(_ data: LedgerReportData, reports: ReportDirectory, inputs: RunInputs,
                      trailing: [(name: String, value: String)], exit: LedgerExit) throws {
        try data.writeLedgerReports(breaks: breaks.all, into: reports, trailing: trailing)
        let summaryInputs = inputs.files.enumerated().map { index, file in
            RunSummary.Input(role: file.role, path: file.path,
                             sha256: index < filesRead.count ? filesRead[index].sha256 : "",
                             rows: index < rowsPerInput.count ? rowsPerInput[index] : 0,
                             unknownColumns: index < unknownColumnsPerInput.count ? unknownColumnsPerInput[index] : [])
        }
        let summary = RunSummary(
            runID: runID, command: "run", startedAt: startedAt.ISO8601Format(), finishedAt: Date().ISO8601Format(),
            dryRun: configuration.dryRun, database: configuration.databasePath, inputs: summaryInputs, counts: counts,
            appliedTotals: appliedTotals, checks: breaks.counts(), scopes: data.checkExtents.mapValues(\.rawValue),
            exitCode: exit.rawValue, reports: reports.finalPath
        )
        try summary.write(to: reports.file("summary.json"))
    }

    /// The short human summary at the end (stdout): counts, checks, where the reports are, and
    /// last the exit code and what it means.
    func printSummary(reports: ReportDirectory, exit: LedgerExit) {
        let rejectedByCode = counts.rejectedByCode.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let failed = breaks.counts().filter { $0.1 > 0 }
        let lines = [
            "ledger-recon run \(runID)\(configuration.dryRun ? " (dry run: nothing was saved)" : "")",
            "  rows:    \(counts.read) read, \(counts.applied) applied, \(counts.duplicate) duplicate, \(counts.rejected) rejected"
                + (rejectedByCode.isEmpty ? "" : " (\(rejectedByCode))")
                + (counts.possibleDuplicate > 0 ? "; \(counts.possibleDuplicate) possible duplicates (see results.csv)" : ""),
            "  checks:  \(CheckName.runChecks.count - failed.count) passed, \(failed.count) failed"
                + (failed.isEmpty ? "" : " (" + failed.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ") + ")"),
            "  reports: \(reports.finalPath)" + (configuration.dryRun ? " (reports/latest not moved)" : " (also \(reports.latestLink))"),
            "  \(exit.statusLine)",
        ]
        print(lines.joined(separator: "\n"))
    }
}
