import Foundation
import LedgerCore
import LedgerReports
import LedgerStore
import LedgerStorage
import Logging

extension ReconciliationJob {
    /// Writes balances, trial balance, breaks, summary and report.html into the run's (still
    /// temporary) directory, and under `--split-by-tenant` each tenant's folder. balances.csv reads
    /// the accounts from `ledger` again as it writes them (`LedgerReportData` keeps no account's ids).
    func writeReports(_ data: LedgerReportData, ledger: LedgerWriteSession, review: BreakReview, reports: ReportDirectory,
                      inputs: RunInputs, trailing: [(name: String, value: String)], exit: LedgerExit) throws {
        try ledger.read { snapshot in try data.writeLedgerReports(snapshot, breaks: review, into: reports, trailing: trailing) }
        let summaryInputs = inputs.files.enumerated().map { index, file in
            RunSummary.Input(role: file.role, path: file.path,
                             sha256: index < filesRead.count ? filesRead[index].sha256 : "",
                             rows: index < rowsPerInput.count ? rowsPerInput[index] : 0,
                             unknownColumns: index < unknownColumnsPerInput.count ? unknownColumnsPerInput[index] : [])
        }
        let summary = RunSummary(
            runID: runID, command: "run", startedAt: reports.options.timeZone.format(startedAt),
            finishedAt: reports.options.timeZone.format(Date()),
            dryRun: configuration.dryRun, database: DatabaseOptions.displayName(of: configuration.databasePath), inputs: summaryInputs, counts: counts,
            appliedTotals: appliedTotals, checks: breaks.counts(), scopes: data.checkExtents.mapValues(\.rawValue),
            exitCode: exit.rawValue, reports: reports.finalPath,
            chainHeads: RunSummary.ChainHeadsBeforeAfter(before: chainHeadsBefore, after: chainHeadsAfter)
        )
        try summary.write(to: reports.file("summary.json"))
        let page = HTMLReport(summary: summary, exitMeaning: exit.meaning, trialBalance: data.trialBalance, tenants: data.tenants,
                              breaks: review.breaks.map { ReportBreak($0, times: reports.options.timeZone.formatter()) },
                              rejectedRows: rejectedRows.rows,
                              timeZoneName: reports.options.timeZone.identifier)
        try page.write(to: reports.file("report.html"))
        let tenantFolders = reports.options.splitByTenant ? try writeTenantFolders(page, data: data, reports: reports) : []
        try sealReports(reports, inputs: summaryInputs, tenantFolders: tenantFolders)
    }

    /// manifest.json in every folder, last, when every report is written (SPEC §7); its hash is
    /// logged here and printed with the summary lines.
    private func sealReports(_ reports: ReportDirectory, inputs: [RunSummary.Input], tenantFolders: [String]) throws {
        let set = ReportManifest.SetDescription(
            runID: runID, command: "run", dryRun: configuration.dryRun, createdAt: reports.options.timeZone.format(Date()),
            database: DatabaseOptions.displayName(of: configuration.databasePath),
            inputs: inputs.map { ReportManifest.Input(role: $0.role, path: $0.path, sha256: $0.sha256) },
            ledgerHeads: ReportManifest.ChainHead.all(chainHeadsAfter)
        )
        let sha256 = try ReportManifest.seal(reports, set, tenantIDs: tenantFolders)
        manifestSHA256 = sha256
        logger.info("\(ReportManifest.fileName) sha256 \(sha256): keep this line; verify --report checks the set against it")
        // The heads where nobody who rewrites the ledger can reach them: the night's log (SPEC §7).
        for (tenantID, head) in chainHeadsAfter.sorted {
            logger.info("chain head \(tenantID): \(head); keep this line: verify --report --db checks the ledger still passes through it")
        }
    }

    /// `--split-by-tenant`: every tenant the ledger knows or tonight's rows name gets a folder with
    /// its rows of every CSV report (written as the reports were) and its own report.html.
    /// - Returns: the tenants that got a folder.
    private func writeTenantFolders(_ page: HTMLReport, data: LedgerReportData, reports: ReportDirectory) throws -> [String] {
        var tenants = Set(data.tenants.all.map { OpaqueID($0.tenantID) })
        tenants.formUnion(countsByTenant.keys)
        tenants.formUnion(data.trialBalance.map { OpaqueID($0.tenantID) })
        tenants.formUnion(breaks.all.map { OpaqueID($0.tenantID) })
        tenants.remove(OpaqueID(""))
        for tenant in tenants.sorted() {
            var tenantCounts = countsByTenant[tenant] ?? RunSummary.Counts()
            tenantCounts.read = tenantCounts.applied + tenantCounts.duplicate + tenantCounts.rejected
            let folder = try TenantReportSplit.folder(for: tenant.text, in: reports.workingPath)
            try page.scoped(to: tenant.text, counts: tenantCounts, rejectedRows: rejectedRows.rows(of: tenant.text))
                .write(to: folder + "/report.html")
        }
        try TenantReportSplit.completeFolders(in: reports.workingPath, tenants: tenants.map(\.text))
        return tenants.sorted().map(\.text)
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
            breakRegisterLine,
            "  reports: \(reports.finalPath)" + (configuration.dryRun ? " (reports/latest not moved)" : " (also \(reports.latestLink))"),
            manifestSHA256.map { "  manifest: sha256 \($0)" },
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
