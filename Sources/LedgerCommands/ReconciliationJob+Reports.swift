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
                + (rejectedByCode.isEmpty ? "" : " (\(rejectedByCode))"),
        ] + noticeLines + [
            "  checks:  \(CheckName.runChecks.count - failed.count) passed, \(failed.count) failed"
                + (failed.isEmpty ? "" : " (" + failed.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ") + ")"),
            "  reports: \(reports.finalPath)" + (configuration.dryRun ? " (reports/latest not moved)" : " (also \(reports.latestLink))"),
            "  \(exit.statusLine)",
        ]
        print(lines.joined(separator: "\n"))
    }

    /// What a person should know about the inputs beyond the counts: keyless look-alikes that were
    /// applied (SPEC §2) and columns that were ignored (SPEC §3), one line each, only when present.
    private var noticeLines: [String] {
        var lines: [String] = []
        if counts.possibleDuplicate > 0 {
            lines.append("  look-alikes: \(counts.possibleDuplicate) possible duplicates applied (keyless rows matching a "
                         + "transfer from another file or an earlier run; see the message column of results.csv)")
        }
        for (read, columns) in zip(filesRead, unknownColumnsPerInput) where !columns.isEmpty {
            lines.append("  ignored: \(read.path): unknown columns \(columns.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return lines
    }
}
