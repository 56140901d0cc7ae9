import Foundation
import LedgerCore
import LedgerReports

/// results.csv (SPEC §5), written on a thread of its own: formatting a million result rows took
/// a tenth of the applying thread's time, and the second core has room for it.
///
/// Rows arrive a batch at a time, in input order, and are written in that order.
final class ResultsFile: @unchecked Sendable {
    // @unchecked: `writer` is used only by the writing thread until `finish` has waited for it;
    // `failure` and the batch counters are read and written only while `progress` is locked.
    private let writer: CSVReportWriter
    private let channel = BatchChannel<(rows: [PendingRow], outcomes: [TransferOutcome], notes: [Int: String])>(capacity: 2)
    private let done = DispatchSemaphore(value: 0)
    private let progress = NSCondition()
    private var failure: (any Error)?
    private var batchesSent = 0
    private var batchesWritten = 0
    /// `--timezone`: requested_at in the reader's zone (used on the writing thread only).
    private let times: LocalTimeFormatter

    init(path: String, trailing: [(name: String, value: String)], options: ReportOptions = .plain) throws {
        writer = try CSVReportWriter(path: path, header: ReconciliationReports.resultsHeader, trailing: trailing, options: options)
        times = options.timeZone.formatter()
        let thread = Thread { [self] in
            do {
                while let batch = try channel.take() {
                    try write(batch.rows, outcomes: batch.outcomes, notes: batch.notes)
                    // Each batch reaches the file before the next one commits (`waitUntilWritten`).
                    try writer.flush()
                    progress.lock()
                    batchesWritten += 1
                    progress.broadcast()
                    progress.unlock()
                }
                try writer.close()
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

    /// Queues a batch: `outcomes` holds one outcome per valid row, in order; `notes` a message for
    /// some of them (by index among the valid rows: a keyless look-alike).
    func send(_ rows: [PendingRow], outcomes: [TransferOutcome], notes: [Int: String] = [:]) {
        progress.lock()
        batchesSent += 1
        progress.unlock()
        _ = channel.put((rows, outcomes, notes))
    }

    /// Waits until every batch sent so far is in the file. Called before each batch commits, it
    /// keeps the writer one batch behind at most (it writes batch n while batch n + 1 is applied)
    /// and stops the run before the next commit when results.csv cannot be written (SPEC §4, exit 5).
    /// - Throws: the writer's error (`ReportError`, naming the file).
    func waitUntilWritten() throws {
        progress.lock()
        defer { progress.unlock() }
        while batchesWritten < batchesSent, failure == nil { progress.wait() }
        if let failure { throw failure }
    }

    /// Waits until every queued row is written and the file closed.
    /// - Throws: the first write error.
    func finish() throws {
        channel.finish()
        done.wait()
        progress.lock()
        defer { progress.unlock() }
        if let failure { throw failure }
    }

    private func write(_ rows: [PendingRow], outcomes: [TransferOutcome], notes: [Int: String]) throws {
        var next = outcomes.makeIterator()
        var validIndex = 0
        for row in rows {
            switch row {
            case .valid(let request):
                guard let outcome = next.next() else { preconditionFailure("one outcome per valid row") }
                try writer.write(ResultsFile.cells(request, outcome: outcome, note: notes[validIndex], times: times))
                validIndex += 1
            case .invalid(let row, let key, let rejection):
                try writer.write(ResultsFile.cells(row, key: key, rejection: rejection, times: times))
            }
        }
    }

    /// A valid request's row: normalised values (amount with the asset's digits, time in the `--timezone` zone).
    static func cells(_ request: TransferRequest, outcome: TransferOutcome, note: String? = nil,
                      times: LocalTimeFormatter = ReportTimeZone.utc.formatter()) -> [ReportCell] {
        [
            .text(request.origin.file), .value(String(request.origin.line)), .text(request.idempotencyKey),
            .value(request.kind.rawValue), .text(request.tenantID), .text(request.fromUserID), .text(request.toUserID),
            .value(MoneyText.format(request.amount, exponent: request.currency?.exponent ?? 0)),
            .text(request.currency?.code ?? ""), .value(outcome.status), .value(outcome.rejection?.code.rawValue ?? ""),
            .text(outcome.rejection?.message ?? note ?? ""), .text(outcome.transferID ?? ""),
            .value(request.requestedAtMillis.map { times.format(millis: $0) } ?? ""),
        ]
    }

    /// An invalid row: its text as it came (neutralised against formulas), except a time that
    /// parses, which is shown in the `--timezone` zone like every other.
    static func cells(_ row: TransferRow, key: String, rejection: Rejection,
                      times: LocalTimeFormatter = ReportTimeZone.utc.formatter()) -> [ReportCell] {
        let requestedAt = Timestamp.parseMillis(row.requestedAt).map { ReportCell.value(times.format(millis: $0)) }
            ?? .text(row.requestedAt)
        return [
            .text(row.origin.file), .value(String(row.origin.line)), .text(key), .text(row.kind), .text(row.tenantID),
            .text(row.fromUserID), .text(row.toUserID), .text(row.amount), .text(row.currency), .value("rejected"),
            .value(rejection.code.rawValue), .text(rejection.message), .value(""), requestedAt,
        ]
    }
}
