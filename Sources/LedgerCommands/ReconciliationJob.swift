import Foundation
import LedgerCore
import LedgerImport
import LedgerReports
import LedgerStore
import LedgerStorage
import Logging

/// One run of the nightly job (SPEC §1): load tenants and snapshots, stream transfers in
/// batches through the ledger, check the books, write the reports, and decide the exit code.
final class ReconciliationJob {
    let configuration: RunConfiguration
    let runID: String
    let logger: Logger
    let startedAt = Date()
    var counts = RunSummary.Counts()
    /// The first rejected rows, overall and per tenant, for report.html.
    var rejectedRows = RejectedRowSample()
    /// Under `--split-by-tenant`: each tenant's own row counts, for its report.html.
    var countsByTenant: [OpaqueID: RunSummary.Counts] = [:]
    var appliedTotals: [AppliedTotals.Key: AppliedTotals.Value] = [:]
    var breaks = BreakBook()
    /// The breaks as the register sees them, once the checks are done; recorded when the run ends.
    var breakReview: BreakReview?
    var rowsPerInput: [Int] = []
    var unknownColumnsPerInput: [[String]] = []
    /// How each input file was consumed (hash, bytes, size), in the order the files were read.
    var filesRead: [InputAccounting.FileRead] = []
    /// SHA-256 of the run directory's manifest.json once sealed: printed and logged, so the night's
    /// mail pins the report set (SPEC §7).
    var manifestSHA256: String?
    /// Every tenant's hash-chain head when the run started (SPEC §7): in the runs row and summary.json.
    var chainHeadsBefore = ChainHeads()
    /// And when it had applied everything: in summary.json and every manifest.json of its reports.
    var chainHeadsAfter = ChainHeads()

    init(configuration: RunConfiguration, runID: String, logger: Logger) {
        self.configuration = configuration
        self.runID = runID
        self.logger = logger
    }

    /// Runs the job and returns the exit status.
    /// - Throws: what stopped it; once the ledger is open, wrapped in `RunStopped` saying whether
    ///   anything was committed by then (exit 2 or 5).
    func run() throws -> LedgerExit {
        var inputs = try RunInputs(configuration)
        // A dry run leaves nothing durable: it does not upgrade a ledger of the previous schema either.
        let ledger = try LedgerBackends.openForWriting(configuration.databasePath, upgrades: !configuration.dryRun)
        let reports = ReportDirectory(root: configuration.reportsRoot, runID: runID, options: configuration.reportOptions)
        try reports.create()
        let results = try ResultsFile(path: reports.file("results.csv"), rejectionsPath: reports.file("rejections.csv"),
                                      trailing: trailingColumns, options: reports.options)
        let clock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
        var exit = LedgerExit.balanced
        let engine = try LedgerEngine(store: ledger.store, runID: runID, now: clock)
        if configuration.dryRun {
            // One transaction around everything, rolled back at the end; batches are savepoints.
            try engine.beginDryRun()
        }
        try takeOverUnfinishedRun(engine: engine)
        chainHeadsBefore = engine.chainHeads
        if !configuration.dryRun {
            try engine.recordRunStart(command: CommandLine.arguments.joined(separator: " "), pid: getpid(),
                                      inputs: configuration.inputsIdentity)
            try engine.recordChainHeads(atStart: true)
        }
        let commits = try ledger.commitWatch()
        engine.commitConditions.append { try results.waitUntilWritten() }
        do {
            exit = try reconcile(&inputs, engine: engine, ledger: ledger, results: results, reports: reports)
            try reports.publish(movingLatest: !configuration.dryRun)
            if configuration.dryRun {
                try engine.rollBackDryRun()
            } else {
                // Only a real run records what it found in the register; a dry run only read it (SPEC §5).
                if let breakReview { try ledger.recordBreaks(breakReview) }
                try engine.recordRunEnd(exitCode: exit.rawValue, reports: reports.finalPath)
                try engine.recordChainHeads(atStart: false)
                try ledger.recordCounts(runCounts, runID: runID)
                ledger.mergeWriteAheadLog()
            }
        } catch {
            let applied = configuration.dryRun ? false : commits.hasCommits
            // The runs table keeps a failed night visible; a dry run leaves nothing, not even this.
            if !configuration.dryRun {
                // The code the process is about to exit with (JobFailure classifies the same error).
                let (failedExit, _) = JobFailure.classify(RunStopped(cause: error, applied: applied),
                                                          database: configuration.databasePath)
                try? engine.recordRunFailure(String(describing: error), exitCode: failedExit.rawValue)
                try? engine.recordChainHeads(atStart: false)
                try? ledger.recordCounts(runCounts, runID: runID)
            }
            throw RunStopped(cause: error, applied: applied)
        }
        printSummary(reports: reports, exit: exit)
        return exit
    }

    /// In a dry run every CSV report carries a last column `dry_run` = `true`.
    var trailingColumns: [(name: String, value: String)] {
        configuration.dryRun ? [(name: "dry_run", value: "true")] : []
    }

    /// Loads, imports, checks and writes the reports (not yet published); returns the exit status.
    private func reconcile(
        _ inputs: inout RunInputs, engine: LedgerEngine, ledger: LedgerWriteSession, results: ResultsFile, reports: ReportDirectory
    ) throws -> LedgerExit {
        try timed("tenants") { try loadTenants(&inputs, engine: engine) }
        try timed("accounts") { try loadAccounts(&inputs, engine: engine) }
        let deferIndex = ledger.buildsBesideChecks(dryRun: configuration.dryRun)
        let indexToBuild = try timed("transfers") {
            try importTransfers(&inputs, engine: engine, results: results, deferringIndex: deferIndex)
        }
        try results.finish()
        try timed("expected balances") { try compareExpected(&inputs, engine: engine) }
        chainHeadsAfter = engine.chainHeads
        // The checks read every account from the ledger: the engine's copy is not needed again.
        engine.releaseAccountCache()
        let buildIndex: (() throws -> Void)? = indexToBuild
            ? { [self] in try timed("history index (beside the checks)") { try engine.restoreHistoryIndex() } } : nil
        let data = try timed("ledger checks") { try ledger.reportData(engine: engine, beside: buildIndex) }
        checkInputAccounted(postings: data)
        breaks.add(data.ledgerViolations)
        let exit = exitStatus()
        let review = try ledger.reviewBreaks(ReconciliationReports.sorted(breaks.all), rechecked: recheckedChecks, runID: runID,
                                             at: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
        breakReview = review
        try timed("reports") {
            try writeReports(data, ledger: ledger, review: review, reports: reports, inputs: inputs, trailing: trailingColumns, exit: exit)
        }
        return exit
    }

    /// The checks this run evaluated over everything an earlier break of theirs can be about, so
    /// that a break of theirs not found again is resolved (`BreakRegister.review`). The others
    /// check only this run's own work (its entries, the accounts it touched), or inputs this run
    /// was not given: their open breaks stay open until a run that re-checks them.
    var recheckedChecks: Set<CheckName> {
        var checks: Set<CheckName> = [.trialBalance, .inputAccounted]
        if configuration.expectedFile != nil { checks.insert(.expectedBalances) }
        if !configuration.accountsFiles.isEmpty { checks.insert(.snapshotMatches) }
        if configuration.tenantsFile != nil || !configuration.accountsFiles.isEmpty || configuration.expectedFile != nil {
            checks.insert(.inputsValid)
        }
        return checks
    }

    /// What the runs table keeps of this run's counts (`ledger-recon runs`).
    var runCounts: RunCounts {
        RunCounts(read: counts.read, applied: counts.applied, duplicate: counts.duplicate, rejected: counts.rejected)
    }

    /// SPEC §4 "Interrupted runs resume": an unfinished run is resumed when this run has the same
    /// inputs and options, abandoned when `--abandon` names it, and otherwise blocks the night.
    private func takeOverUnfinishedRun(engine: LedgerEngine) throws {
        let unfinished = try engine.unfinishedRun()
        if let abandon = configuration.abandonRunID {
            guard let unfinished, unfinished.runID == abandon else {
                throw RunRefusal.nothingToAbandon(runID: abandon, unfinished: unfinished)
            }
            try engine.abandon(unfinished)
            logger.warning("run \(abandon) abandoned: its committed batches stay; its rows are decided afresh")
            return
        }
        guard let unfinished else { return }
        guard unfinished.inputs == configuration.inputsIdentity else { throw RunRefusal.unfinishedRun(unfinished) }
        try engine.resume(unfinished)
        logger.info("resuming run \(unfinished.runID) (\(unfinished.status)): rows it decided keep their outcome")
    }

    // MARK: Loading

    private func loadTenants(_ inputs: inout RunInputs, engine: LedgerEngine) throws {
        guard let reader = inputs.tenants else { return }
        var rows = 0
        while let row = try reader.next() {
            rows += 1
            do {
                // Changes the stored settings the row states; a refused change is an inputs_valid break.
                // The settings and their hash-chain link commit together (`LedgerEngine.upsert`).
                for refused in try engine.upsert(try row.update()) { breaks.add(refused) }
            } catch let problem as InputProblem {
                breaks.add(CheckViolation(check: .inputsValid, tenantID: row.tenantID, detail: problem.description))
            }
        }
        note(rows: rows, unknownColumns: reader.unknownColumns, read: reader.fileRead)
    }

    /// Opens the accounts files' snapshots a batch at a time, as a second thread reads and
    /// validates the next batch (`AccountBatchReader`).
    private func loadAccounts(_ inputs: inout RunInputs, engine: LedgerEngine) throws {
        guard !inputs.accounts.isEmpty else { return }
        let channel = BatchChannel<AccountImportEvent>(capacity: 1)
        AccountBatchReader(readers: inputs.accounts, batchRows: configuration.batchRows, tenants: engine.tenants)
            .start(into: channel)
        inputs.accounts = []
        try channel.forEach { event in
            switch event {
            case .batch(var snapshots, let problems):
                for problem in problems { breaks.add(problem) }
                try open(&snapshots, engine: engine)
            case .fileFinished(let rows, let unknownColumns, let read):
                note(rows: rows, unknownColumns: unknownColumns, read: read)
            }
        }
    }

    private func open(_ batch: inout [AccountSnapshot], engine: LedgerEngine) throws {
        guard !batch.isEmpty else { return }
        for (snapshot, outcome) in zip(batch, try engine.open(batch)) {
            for violation in outcome.violations(for: snapshot) { breaks.add(violation) }
        }
        batch.removeAll(keepingCapacity: true)
    }

    /// Records how many rows a file had and how it was read (its hash, bytes consumed and size),
    /// and logs its unknown columns once.
    func note(rows: Int, unknownColumns: [String], read: InputAccounting.FileRead) {
        rowsPerInput.append(rows)
        unknownColumnsPerInput.append(unknownColumns)
        filesRead.append(read)
        if !unknownColumns.isEmpty {
            logger.warning("\(read.path): ignoring unknown columns \(unknownColumns.joined(separator: ", "))")
        }
    }

    /// Runs a phase and logs how long it took, so a slow night shows where the time went.
    func timed<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let start = Date()
        defer { logger.info("\(phase): \(String(format: "%.2f", Date().timeIntervalSince(start))) s") }
        return try body()
    }

    // MARK: Exit

    /// 1 when a check failed; else 4 when rows were rejected under --fail-on-rejects; else 0.
    func exitStatus() -> LedgerExit {
        if breaks.total > 0 { return .checkFailed }
        if configuration.failOnRejects, counts.rejected > 0 { return .rowsRejected }
        return .balanced
    }
}
