import GRDB
import LedgerCore
import LedgerImport
import LedgerReports
import LedgerStore

extension ReconciliationJob {
    /// Streams every transfers file, in order, through the ledger in batches of `batchRows`,
    /// writing each row's outcome to results.csv as soon as its batch commits. Reading and
    /// validating run on a second thread (`TransferBatchReader`), a couple of batches ahead.
    func importTransfers(_ inputs: inout RunInputs, writer: LedgerWriter, results: CSVReportWriter, db: Database) throws {
        let progress = ProgressReporter(logger: logger)
        let channel = BatchChannel<ImportEvent>(capacity: 1)
        TransferBatchReader(readers: inputs.transfers, batchRows: configuration.batchRows).start(into: channel)
        inputs.transfers = []
        do {
            while let event = try channel.take() {
                switch event {
                case .fileStarted(let path):
                    progress.startFile(path)
                case .batch(let batch, let rows, let bytesRead):
                    try applyBatch(batch, writer: writer, results: results, db: db)
                    progress.update(rows: rows, bytesRead: bytesRead)
                case .fileFinished(let path, let rows, let unknownColumns):
                    progress.finishFile(rows: rows)
                    note(rows: rows, unknownColumns: unknownColumns, what: path)
                }
            }
        } catch {
            channel.cancel()
            throw error
        }
    }

    /// Applies the valid rows of a batch in one transaction and records every row's outcome.
    private func applyBatch(_ pending: [PendingRow], writer: LedgerWriter, results: CSVReportWriter, db: Database) throws {
        let requests = pending.compactMap { try? $0.validated.request.get() }
        var applied = try writer.apply(requests, in: db).makeIterator()
        for item in pending {
            let outcome: TransferOutcome
            switch item.validated.request {
            case .success(let request):
                guard let next = applied.next() else { preconditionFailure("one outcome per request") }
                outcome = next
                if case .applied = outcome { countApplied(request, tenants: writer.tenants) }
            case .failure(let rejection):
                outcome = .rejected(rejection)
            }
            counts.count(outcome)
            try results.write(resultCells(item, outcome: outcome))
        }
    }

    private func countApplied(_ request: TransferRequest, tenants: [String: TenantConfig]) {
        guard let asset = request.currency.map(Asset.init(currency:)) ?? tenants[request.tenantID]?.pointsAsset else { return }
        let key = AppliedTotals.Key(tenantID: request.tenantID, asset: asset)
        appliedTotals[key, default: AppliedTotals.Value()].transfers += 1
        appliedTotals[key, default: AppliedTotals.Value()].amount += request.amount
    }

    /// A results.csv row: valid requests show normalised values (amount with the asset's digits,
    /// UTC time); rejected rows show their text as it came, neutralised against formulas.
    private func resultCells(_ item: PendingRow, outcome: TransferOutcome) -> [ReportCell] {
        let row = item.row
        var kind = ReportCell.text(row.kind), amount = ReportCell.text(row.amount)
        let requestedAt = Timestamp.parseMillis(row.requestedAt).map { ReportCell.value(Timestamp.format(millis: $0)) }
            ?? .text(row.requestedAt)
        if case .success(let request) = item.validated.request {
            kind = .value(request.kind.rawValue)
            amount = .value(MoneyText.format(request.amount, exponent: request.currency?.exponent ?? 0))
        }
        return [
            .text(row.origin.file), .value(String(row.origin.line)), .text(item.validated.idempotencyKey), kind,
            .text(row.tenantID), .text(row.fromUserID), .text(row.toUserID), amount, .text(row.currency),
            .value(outcome.status), .value(outcome.rejection?.code.rawValue ?? ""), .text(outcome.rejection?.message ?? ""),
            .text(outcome.transferID ?? ""), requestedAt,
        ]
    }

    /// input_accounted: rows read = applied + duplicate + rejected, and the amounts the run says it
    /// applied equal the transfer postings it created, per tenant and asset.
    func checkInputAccounted(writer: LedgerWriter, scan: LedgerReportData, db: Database) throws {
        if counts.read != counts.applied + counts.duplicate + counts.rejected {
            breaks.add(CheckViolation(check: .inputAccounted, expected: Int64(counts.read),
                                      actual: Int64(counts.applied + counts.duplicate + counts.rejected),
                                      detail: "rows read ≠ applied + duplicate + rejected"))
        }
        var written: [AppliedTotals.Key: RunTransferTotals] = [:]
        for total in scan.runTransfers {
            written[AppliedTotals.Key(tenantID: total.tenantID, asset: total.asset)] = total
        }
        for key in Set(written.keys).union(appliedTotals.keys).sorted() {
            let counted = appliedTotals[key] ?? AppliedTotals.Value()
            let posted = written[key]
            if counted.amount != posted?.amount ?? 0 || counted.transfers != posted?.entries ?? 0 {
                breaks.add(CheckViolation(
                    check: .inputAccounted, tenantID: key.tenantID, asset: key.asset, expected: counted.amount,
                    actual: posted?.amount ?? 0,
                    detail: "run applied \(counted.transfers) transfers; postings show \(posted?.entries ?? 0) entries"))
            }
        }
    }
}
