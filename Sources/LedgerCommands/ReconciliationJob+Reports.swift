import Foundation
import LedgerCore
import LedgerReports
import LedgerStore

extension ReconciliationJob {
    /// Writes balances, trial balance, breaks and summary into the run's (still temporary) directory.
    func writeReports(_ data: LedgerReportData, review: BreakReview, reports: ReportDirectory, inputs: RunInputs,
                      trailing: [(name: String, value: String)], exit: LedgerExit) throws {
        try data.writeLedgerReports(breaks: review, into: reports, trailing: trailing)
        let summaryInputs = inputs.files.enumerated().map { index, file in
            RunSummary.Input(role: file.role, path: file.path,
                             sha256: index < filesRead.count ? filesRead[index].sha256 : "",
                             rows: index < rowsPerInput.count ? rowsPerInput[index] : 0,
                             unknownColumns: index < unknownColumnsPerInput.count ? unknownColumnsPerInput[index] : [])
        }
        let summary = RunSummary(
            runID: runID, command: "run", startedAt: startedAt.ISO8601Format(), finishedAt: Date().ISO8601Format(),
            dryRun: configuration.dryRun, database: configuration.databasePath, inputs: summaryInputs, counts: counts,
            appliedTotals: appliedTotals, checks: breaks.counts(), exitCode: exit.rawValue, reports: reports.finalPath
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
            breakRegisterLine,
            "  reports: \(reports.finalPath)" + (configuration.dryRun ? " (reports/latest not moved)" : " (also \(reports.latestLink))"),
            "  \(exit.statusLine)",
        ]
        print(lines.compactMap { $0 }.joined(separator: "\n"))
    }

    /// `breaks:  1 new, 2 open (oldest 5 days); 1 resolved`, when the register has anything to say.
    private var breakRegisterLine: String? {
        guard let review = breakReview, !review.breaks.isEmpty || !review.resolved.isEmpty else { return nil }
        let open = review.breaks.filter { $0.state == .open }
        let oldest = open.map(\.ageDays).max().map { " (oldest \($0) day\($0 == 1 ? "" : "s"))" } ?? ""
        return "  breaks:  \(review.breaks.count - open.count) new, \(open.count) open\(oldest)"
            + (review.resolved.isEmpty ? "" : "; \(review.resolved.count) resolved (see resolved_breaks.csv)")
    }
}
