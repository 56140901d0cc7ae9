import ArgumentParser
import Foundation
import LedgerCore
import LedgerReports
import LedgerStorage

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

            verify --report DIR checks one report set against its manifest.json and writes nothing: \
            0 the set is intact; 1 a file differs, is missing or was added, or the manifest is not well-formed; \
            2 DIR is not a directory or has no manifest.json.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("reports"), help: ArgumentHelp("Directory for report sets (default: reports).", valueName: "DIR"))
    var reportsRootOption: String?

    @Option(name: .customLong("report"), help: ArgumentHelp(
        "Check one report set instead of the ledger: every file its manifest.json names is unchanged and none was added. "
            + "Writes no reports; reads the ledger only when --db is given.",
        valueName: "DIR"))
    var reportSet: String?

    @Option(name: .customLong("manifest-sha256"), help: ArgumentHelp(
        "With --report: the manifest's SHA-256 as the night's summary lines or log printed it; a different manifest is a failure.",
        valueName: "HEX"))
    var manifestSHA256: String?

    var reportsRoot: String { reportsRootOption ?? "reports" }

    func validate() throws {
        if reportSet == nil, manifestSHA256 != nil {
            throw ValidationError("--manifest-sha256 goes with --report DIR (the report set whose manifest it is)")
        }
        if reportSet != nil, reportsRootOption != nil {
            throw ValidationError("verify --report checks a report set and writes none: --reports does not apply")
        }
        if let manifestSHA256, !ReportSetCheck.isSHA256(manifestSHA256.lowercased()) {
            throw ValidationError("--manifest-sha256 '\(manifestSHA256)' is not a SHA-256: give the 64 hex digits of the manifest line")
        }
    }

    func run() throws {
        if let reportSet {
            throw checkReportSet(reportSet).exitCode
        }
        let path = database.path
        let exit = JobFailure.exitCode(database: path) {
            guard !LedgerReaders.isMissing(path) else {
                throw MissingLedger(path: path)
            }
            var unreadable: String?
            var store: (any LedgerReading)?
            do {
                store = try LedgerReaders.open(path: path)
            } catch let error as StorageError where error.kind == .corrupt {
                // Too damaged to open as a ledger: still a report, with storage_integrity failed.
                unreadable = "the file cannot be opened as a ledger: \(error.message)"
            }
            let reports = ReportDirectory(root: reportsRoot, runID: RunIdentifier.make(dryRun: false))
            try reports.create()
            do {
                return try verify(store, unreadable: unreadable, path: path, reports: reports)
            } catch {
                // Verify changes nothing, but a report it could not write is still a stop part-way (exit 5).
                guard error is ReportError else { throw error }
                throw RunStopped(cause: error, applied: false, readOnly: true)
            }
        }
        throw exit.exitCode
    }

    private func verify(_ store: (any LedgerReading)?, unreadable: String?, path: String, reports: ReportDirectory) throws -> LedgerExit {
        let startedAt = Date()
        var breaks = BreakBook()
        var ledger = LedgerFigures()
        // `storage_integrity` (SPEC §6) on a thread of its own, beside the ledger checks' scan.
        let integrity = store.map { store in ConcurrentStep(name: "ledger-recon.integrity") { store.integrityProblems() } }
        var storageChecked = false
        // Before any report is written, and before a read error is taken for damage.
        func addStorageProblems() {
            guard !storageChecked else { return }
            storageChecked = true
            for problem in (try? integrity?.wait()) ?? [unreadable ?? "unreadable"] {
                breaks.add(CheckViolation(check: .storageIntegrity, detail: problem))
            }
        }
        do {
            guard let store else {
                addStorageProblems()
                try writeBreakReports(breaks, into: reports)
                return try finish(breaks, startedAt: startedAt, path: path, reports: reports)
            }
            try store.read { snapshot in
                // SPEC §7: every tenant's chain from genesis, and the state it implies, fed by the
                // ledger checks' scan: all history is read once for both.
                let chain = try HashChainCheck.Pass(snapshot)
                let data = try LedgerReportData(snapshot, openingBalances: try snapshot.currentBalances(),
                                                scope: try CheckScope.full(snapshot), tenants: try snapshot.tenants(), chain: chain)
                addStorageProblems()
                breaks.add(data.ledgerViolations)
                breaks.add([.hashChain: chain.finish().violations])
                ledger.chainHeads = try snapshot.currentChainHeads()
                // Reads the register (new or open, since when) but records nothing: verify changes
                // no ledger, and it does not resolve breaks (only a run does; see BreakRegister).
                let review = try BreakRegister.review(ReconciliationReports.sorted(breaks.all), rechecked: [],
                                                      runID: reports.runID, at: QueryJSON.nowMillis(), in: snapshot)
                ledger = LedgerFigures(trialBalance: data.trialBalance, tenants: data.tenants, review: review,
                                       chainHeads: ledger.chainHeads)
                try data.writeLedgerReports(snapshot, breaks: review, into: reports, trailing: [])
            }
        } catch {
            // A damaged file: the ledger checks cannot read it, and storage_integrity says why.
            addStorageProblems()
            guard !(error is ReportError), breaks.total > 0 else { throw error }
            let reason = (error as? StorageError)?.message ?? "\(error)"
            breaks.add(CheckViolation(check: .storageIntegrity, detail: "the ledger checks could not read the file: \(reason)"))
            try writeBreakReports(breaks, into: reports)
        }
        return try finish(breaks, startedAt: startedAt, path: path, reports: reports, ledger: ledger)
    }

    /// breaks.csv and resolved_breaks.csv of a ledger whose register cannot be read: every break new.
    private func writeBreakReports(_ breaks: BreakBook, into reports: ReportDirectory) throws {
        let review = BreakReview.unregistered(ReconciliationReports.sorted(breaks.all), runID: reports.runID,
                                              at: QueryJSON.nowMillis())
        try ReconciliationReports.writeBreaks(review, to: reports.file("breaks.csv"), trailing: [])
        try ReconciliationReports.writeResolvedBreaks(review, to: reports.file("resolved_breaks.csv"), trailing: [])
    }

    /// What report.html shows of the ledger; empty when the file could not be read.
    private struct LedgerFigures {
        var trialBalance: [TrialBalanceLine] = []
        var tenants = TenantDirectory()
        var review: BreakReview?
        /// The ledger's chain heads as stored (where its chains end now).
        var chainHeads = ChainHeads()
    }

    /// results.csv (empty: verify reads no transfers), summary.json, report.html, publishing, the summary lines.
    private func finish(_ breaks: BreakBook, startedAt: Date, path: String, reports: ReportDirectory,
                        ledger: LedgerFigures = LedgerFigures()) throws -> LedgerExit {
        for name in ["results.csv", "rejections.csv"] {
            try CSVReportWriter(path: reports.file(name), header: ReconciliationReports.resultsHeader).close()
        }
        let exit: LedgerExit = breaks.total > 0 ? .checkFailed : .balanced
        let checks = breaks.counts(for: CheckName.verifyChecks)
        let summary = RunSummary(
            runID: reports.runID, command: "verify", startedAt: startedAt.ISO8601Format(), finishedAt: Date().ISO8601Format(),
            dryRun: false, database: path, inputs: [], counts: RunSummary.Counts(), appliedTotals: [:],
            checks: checks, exitCode: exit.rawValue, reports: reports.finalPath,
            chainHeads: RunSummary.ChainHeadsBeforeAfter(before: ledger.chainHeads, after: ledger.chainHeads)
        )
        try summary.write(to: reports.file("summary.json"))
        try HTMLReport(summary: summary, exitMeaning: exit.meaning, trialBalance: ledger.trialBalance, tenants: ledger.tenants,
                       breaks: ledger.review.map { $0.breaks.map { ReportBreak($0, times: reports.options.timeZone.formatter()) } }
                           ?? breaks.all.map { ReportBreak($0) }).write(to: reports.file("report.html"))
        // Its hash on the summary lines, so the mail of the check pins the set it wrote (SPEC §7).
        let sealedManifestSHA256 = try ReportManifest.seal(reports, ReportManifest.SetDescription(
            runID: reports.runID, command: "verify", dryRun: false, createdAt: Date().ISO8601Format(), database: path, inputs: [],
            ledgerHeads: ReportManifest.ChainHead.all(ledger.chainHeads)))
        try reports.publish(movingLatest: false)
        let failed = checks.filter { $0.1 > 0 }
        print("""
            ledger-recon verify \(reports.runID)
              checks:  \(checks.count - failed.count) passed, \(failed.count) failed\
            \(failed.isEmpty ? "" : " (" + failed.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ") + ")")
              reports: \(reports.finalPath) (reports/latest not moved)
              manifest: sha256 \(sealedManifestSHA256)
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
