import Foundation
import LedgerCore
import LedgerReports

/// results.csv and rejections.csv (SPEC §5), written on a thread of its own in one streaming
/// pass: every row goes to results.csv, and a rejected row's same bytes to rejections.csv too.
///
/// Rows arrive a decided batch at a time, in input order, and are written in that order. Each row
/// is encoded straight into bytes (`CSVRowEncoder`): formatting a million rows as arrays of cells
/// and Strings cost the second core more than reading and validating them.
final class ResultsFile: @unchecked Sendable {
    // @unchecked: the writers are used only by the writing thread until `finish` has waited for it;
    // `failure` and the batch counters are read and written only while `progress` is locked.
    private let results: CSVReportWriter
    private let rejections: CSVReportWriter
    private let channel = BatchChannel<DecidedBatch>(capacity: 2)
    private let done = DispatchSemaphore(value: 0)
    private let progress = NSCondition()
    private var failure: (any Error)?
    private var batchesSent = 0
    private var batchesWritten = 0
    /// `--timezone`: requested_at in the reader's zone (used on the writing thread only).
    private let times: LocalTimeFormatter

    /// A batch with what the ledger decided for it.
    struct DecidedBatch: Sendable {
        var batch: ReadBatch
        /// One outcome per request of `batch`, in order.
        var outcomes: [TransferOutcome]
        /// The final rejection of each invalid row of `batch`, in order (a recorded one on replay).
        var invalidRejections: [Rejection]
        /// A message for some requests, by index into `batch.requests` (a keyless look-alike).
        var notes: [Int: String] = [:]
    }

    /// Creates both files (header only) and starts the writing thread.
    /// - Throws: `ReportError` naming the file that cannot be created.
    init(path: String, rejectionsPath: String, trailing: [(name: String, value: String)], options: ReportOptions = .plain) throws {
        results = try CSVReportWriter(path: path, header: ReconciliationReports.resultsHeader, trailing: trailing, options: options)
        rejections = try CSVReportWriter(path: rejectionsPath, header: ReconciliationReports.resultsHeader, trailing: trailing,
                                         options: options)
        times = options.timeZone.formatter()
        let thread = Thread { [self] in
            do {
                var encoder = CSVRowEncoder()
                while let decided = try channel.take() {
                    try write(decided, encoder: &encoder)
                    // Each batch reaches the files before the next one commits (`waitUntilWritten`).
                    try results.flush()
                    try rejections.flush()
                    progress.lock()
                    batchesWritten += 1
                    progress.broadcast()
                    progress.unlock()
                }
                try results.close()
                try rejections.close()
            } catch {
                progress.lock()
                failure = error
                progress.broadcast()
                progress.unlock()
                channel.cancel()
            }
            done.signal()
        }
        thread.name = "ledger-recon.results"
        thread.start()
    }

    /// Queues a decided batch.
    func send(_ decided: DecidedBatch) {
        precondition(decided.outcomes.count == decided.batch.requests.count, "one outcome per valid row")
        precondition(decided.invalidRejections.count == decided.batch.invalidRows.count, "one rejection per invalid row")
        progress.lock()
        batchesSent += 1
        progress.unlock()
        _ = channel.put(decided)
    }

    /// Waits until every batch sent so far is in the files. Called before each batch commits, it
    /// keeps the writer one batch behind at most (it writes batch n while batch n + 1 is applied)
    /// and stops the run before the next commit when a file cannot be written (SPEC §4, exit 5).
    /// - Throws: the writer's error (`ReportError`, naming the file).
    func waitUntilWritten() throws {
        progress.lock()
        defer { progress.unlock() }
        while batchesWritten < batchesSent, failure == nil { progress.wait() }
        if let failure { throw failure }
    }

    /// Waits until every queued row is written and both files closed.
    /// - Throws: the first write error.
    func finish() throws {
        channel.finish()
        done.wait()
        progress.lock()
        defer { progress.unlock() }
        if let failure { throw failure }
    }

    /// Writes the batch's rows in file order, merging the valid and the invalid ones by position.
    private func write(_ decided: DecidedBatch, encoder: inout CSVRowEncoder) throws {
        let batch = decided.batch
        var validIndex = 0
        var invalidIndex = 0
        for position in 0..<batch.rowCount {
            encoder.reset()
            let rejected: Bool, tenantID: String
            if invalidIndex < batch.invalidRows.count, batch.invalidRows[invalidIndex].position == position {
                let invalid = batch.invalidRows[invalidIndex]
                ResultsFile.encode(invalid.row, key: invalid.idempotencyKey, rejection: decided.invalidRejections[invalidIndex],
                                   times: times, into: &encoder)
                invalidIndex += 1
                rejected = true
                tenantID = invalid.row.tenantID
            } else {
                let outcome = decided.outcomes[validIndex]
                ResultsFile.encode(batch.requests[validIndex], outcome: outcome, note: decided.notes[validIndex], times: times,
                                   into: &encoder)
                tenantID = batch.requests[validIndex].tenantID
                validIndex += 1
                rejected = outcome.rejection != nil
            }
            try results.write(encoder, tenantID: tenantID)
            if rejected { try rejections.write(encoder, tenantID: tenantID) }
        }
    }

    /// A valid request's row: normalised values (amount with the asset's digits, time in the `--timezone` zone).
    static func encode(_ request: TransferRequest, outcome: TransferOutcome, note: String?, times: LocalTimeFormatter,
                       into row: inout CSVRowEncoder) {
        row.text(request.origin.file)
        row.integer(request.origin.line)
        row.text(request.idempotencyKey)
        row.value(request.kind.rawValue)
        row.text(request.tenantID)
        row.text(request.fromUserID)
        row.text(request.toUserID)
        row.money(request.amount, exponent: request.currency?.exponent ?? 0)
        row.text(request.currency?.code ?? "")
        row.value(outcome.status)
        row.value(outcome.rejection?.code.rawValue ?? "")
        row.text(outcome.rejection?.message ?? note ?? "")
        row.text(outcome.transferID ?? "")
        if let millis = request.requestedAtMillis { row.value(times.format(millis: millis)) } else { row.empty() }
        encodeInputText(description: request.description, reason: request.reason, source: request.source,
                        referenceID: request.referenceID, into: &row)
    }

    /// An invalid row: its text as it came (neutralised against formulas), except a time that
    /// parses, which is shown in the `--timezone` zone like every other.
    static func encode(_ invalid: TransferRow, key: String, rejection: Rejection, times: LocalTimeFormatter,
                       into row: inout CSVRowEncoder) {
        row.text(invalid.origin.file)
        row.integer(invalid.origin.line)
        row.text(key)
        row.text(invalid.kind)
        row.text(invalid.tenantID)
        row.text(invalid.fromUserID)
        row.text(invalid.toUserID)
        row.text(invalid.amount)
        row.text(invalid.currency)
        row.value("rejected")
        row.value(rejection.code.rawValue)
        row.text(rejection.message)
        row.empty()
        if let millis = Timestamp.parseMillis(invalid.requestedAt) {
            row.value(times.format(millis: millis))
        } else {
            row.text(invalid.requestedAt)
        }
        encodeInputText(description: invalid.description, reason: invalid.reason, source: invalid.source,
                        referenceID: invalid.referenceID, into: &row)
    }

    /// The last four columns: the input row's own text, so a finance reader can match a row to its
    /// order without the input file (SPEC §5).
    private static func encodeInputText(description: String, reason: String, source: String, referenceID: String,
                                        into row: inout CSVRowEncoder) {
        row.text(description)
        row.text(reason)
        row.text(source)
        row.text(referenceID)
    }
}
