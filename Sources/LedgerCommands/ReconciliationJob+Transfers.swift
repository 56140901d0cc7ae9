import Foundation
import LedgerCore
import LedgerImport
import LedgerReports
import LedgerStore
import LedgerStorage
import Logging

extension ReconciliationJob {
    /// Streams every transfers file, in order, through the ledger in batches of `batchRows`,
    /// writing each row's outcome to results.csv as soon as its batch commits. Reading and
    /// validating run on a second thread (`TransferBatchReader`), a couple of batches ahead.
    /// A bulk import suspends the history index and builds it once at the end: here, or, when
    /// `deferringIndex`, by the caller beside the checks (the result is then true: it is still to build).
    func importTransfers(_ inputs: inout RunInputs, engine: LedgerEngine, results: ResultsFile, deferringIndex: Bool) throws -> Bool {
        let bulk = try isBulkImport(inputs, engine: engine)
        if bulk {
            logger.info("bulk import: the history index is rebuilt once at the end")
            try engine.suspendHistoryIndex()
        }
        try streamTransfers(&inputs, engine: engine, results: results)
        if bulk && !deferringIndex { try timed("history index") { try engine.restoreHistoryIndex() } }
        return bulk && deferringIndex
    }

    /// A bulk import brings at least as many postings as the ledger holds (estimated at two
    /// postings per ~100 bytes of transfers file), so rebuilding the history index is cheaper than
    /// keeping it up to date. A nightly run on a grown ledger is never one.
    private func isBulkImport(_ inputs: RunInputs, engine: LedgerEngine) throws -> Bool {
        let bytes = inputs.transfers.reduce(0) { total, reader in
            total + ((try? FileManager.default.attributesOfItem(atPath: reader.path)[.size] as? Int) ?? 0)
        }
        let incomingPostings = Int64(bytes / 100) * 2
        guard incomingPostings >= ReconciliationJob.bulkImportMinimumPostings else { return false }
        return try incomingPostings >= engine.postingCount()
    }

    /// Below this many incoming postings the index is always kept up to date.
    static let bulkImportMinimumPostings: Int64 = 200_000

    private func streamTransfers(_ inputs: inout RunInputs, engine: LedgerEngine, results: ResultsFile) throws {
        let progress = ProgressReporter(logger: logger)
        let channel = BatchChannel<ImportEvent>(capacity: 1)
        let decided = try engine.decidedInputs(positions: inputs.transfers.count)
        TransferBatchReader(readers: inputs.transfers, batchRows: configuration.batchRows, decidedInputs: decided)
            .start(into: channel)
        inputs.transfers = []
        // Each batch's balance writes and commit run beside the next batch's decisions
        // (`LedgerEngine.defersCommits`), when the next batch is already read: a run that waits
        // for input (a pipe, a slow disk) commits what it decided before it waits, so its work
        // is durable and other readers see it. A batch's outcomes go to results.csv at once,
        // before it commits: holding them one batch longer cost ~12 MB of peak memory, and a batch
        // whose commit fails stops the run (exit 5), whose report set is never published (a re-run
        // finishes the night, SPEC §4). Before each commit the rows sent so far must be written
        // (`ResultsFile.waitUntilWritten`), so results.csv is never behind the ledger.
        engine.defersCommits = true
        defer { engine.defersCommits = false }
        try channel.forEach(whenIdle: { try engine.finishDeferredBatch() }) { event in
            switch event {
            case .fileStarted(let path, let size):
                progress.startFile(path, size: size)
            case .batch(let batch):
                record(batch, try engine.decide(batch.transferBatch), engine: engine, results: results)
                progress.update(rows: batch.end.rows, consumedBytes: batch.end.bytes)
            case .fileFinished(let path, let rows, let unknownColumns, let sha256, let consumedBytes, let fileSize):
                counts.read += rows
                progress.finishFile(rows: rows)
                note(rows: rows, unknownColumns: unknownColumns, read: InputAccounting.FileRead(
                    path: path, sha256: sha256, consumedBytes: consumedBytes, fileSize: fileSize))
            }
        }
        try engine.finishDeferredBatch()
    }

    /// Records every row's outcome of a decided batch: counts, rejected rows, results.csv.
    private func record(_ batch: ReadBatch, _ decisions: BatchDecisions, engine: LedgerEngine, results: ResultsFile) {
        precondition(decisions.outcomes.count == batch.requests.count, "one outcome per valid row")
        precondition(decisions.invalidRejections.count == batch.invalidRows.count, "one rejection per invalid row")
        let splitByTenant = configuration.reportOptions.splitByTenant
        // In file order (valid and invalid rows merged by position), so report.html's sample of
        // rejected rows is the file's first ones.
        var validIndex = 0, invalidIndex = 0
        for position in 0..<batch.rowCount {
            if invalidIndex < batch.invalidRows.count, batch.invalidRows[invalidIndex].position == position {
                let row = batch.invalidRows[invalidIndex].row, rejection = decisions.invalidRejections[invalidIndex]
                invalidIndex += 1
                counts.count(.rejected(rejection))
                rejectedRows.add(row, rejection)
                if splitByTenant { countTenantRow(row.tenantID, .rejected(rejection), lookAlike: false) }
                continue
            }
            let request = batch.requests[validIndex], outcome = decisions.outcomes[validIndex]
            if case .applied = outcome { countApplied(request, tenants: engine.tenants) }
            if case .rejected(let rejection) = outcome { rejectedRows.add(request, rejection) }
            counts.count(outcome)
            if splitByTenant { countTenantRow(request.tenantID, outcome, lookAlike: decisions.lookAlikes[validIndex] != nil) }
            validIndex += 1
        }
        counts.possibleDuplicate += decisions.lookAlikes.count
        results.send(ResultsFile.DecidedBatch(batch: batch, outcomes: decisions.outcomes,
                                              invalidRejections: decisions.invalidRejections, notes: decisions.lookAlikes))
    }

    /// One row's outcome in its tenant's counts (`--split-by-tenant`: the tenant's report.html).
    private func countTenantRow(_ tenantID: String, _ outcome: TransferOutcome, lookAlike: Bool) {
        var tenantCounts = countsByTenant[OpaqueID(tenantID)] ?? RunSummary.Counts()
        tenantCounts.read += 1
        tenantCounts.count(outcome)
        if lookAlike { tenantCounts.possibleDuplicate += 1 }
        countsByTenant[OpaqueID(tenantID)] = tenantCounts
    }

    private func countApplied(_ request: TransferRequest, tenants: TenantDirectory) {
        guard let asset = request.currency.map(Asset.init(currency:)) ?? tenants[request.tenantID]?.pointsAsset else { return }
        let key = AppliedTotals.Key(tenantID: request.tenantID, asset: asset)
        appliedTotals[key, default: AppliedTotals.Value()].add(request.amount)
    }

    /// input_accounted: every row read has one outcome, and the run's own count of what it
    /// applied matches the postings it created.
    func checkInputAccounted(postings: LedgerReportData) {
        for violation in InputAccounting.violations(
            counts: counts, applied: appliedTotals, posted: postings.runTransfers, files: filesRead) {
            breaks.add(violation)
        }
    }
}
