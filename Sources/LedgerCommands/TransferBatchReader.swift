import Foundation
import LedgerCore
import LedgerImport

/// One input row on its way through a batch: a valid request, or the row as read with why it
/// is invalid. A valid row keeps only its request, which holds everything results.csv shows.
enum PendingRow: Sendable {
    case valid(TransferRequest)
    case invalid(TransferRow, idempotencyKey: String, Rejection)

    init(_ row: TransferRow, keys: inout DerivedKeyCounter) {
        let validated = RequestValidator.validate(row, keys: &keys)
        switch validated.request {
        case .success(let request): self = .valid(request)
        case .failure(let rejection): self = .invalid(row, idempotencyKey: validated.idempotencyKey, rejection)
        }
    }
}

/// What the reading thread tells the applying thread, in file order.
enum ImportEvent: Sendable {
    case fileStarted(path: String)
    case batch([PendingRow], rowsInFile: Int, bytesRead: Int)
    /// The file was read to its end: `sha256` (hex) of its `consumedBytes` original bytes, and its
    /// size when opened (`nil` for a pipe or FIFO).
    case fileFinished(path: String, rows: Int, unknownColumns: [String], sha256: String, consumedBytes: Int, fileSize: Int?)
}

/// Reads and validates the transfers files on a thread of its own, in batches of `batchRows`:
/// CSV parsing, amount parsing and fingerprint hashing run beside the SQLite work.
/// A batch never spans two files, so each file's outcomes are complete when it is reported.
final class TransferBatchReader: @unchecked Sendable {
    // @unchecked: the readers move to the reading thread when `start` is called and are never
    // touched by the caller again; nothing else is mutable.
    private let readers: [TransferFileReader]
    private let batchRows: Int

    init(readers: [TransferFileReader], batchRows: Int) {
        self.readers = readers
        self.batchRows = batchRows
    }

    /// Starts the reading thread; it ends after `channel.finish`, or early when the channel is cancelled.
    func start(into channel: BatchChannel<ImportEvent>) {
        let thread = Thread { [self] in
            do {
                try readAll(into: channel)
                channel.finish()
            } catch {
                channel.finish(error: error)
            }
        }
        thread.name = "ledger-recon.csv"
        thread.start()
    }

    private func readAll(into channel: BatchChannel<ImportEvent>) throws {
        for reader in readers {
            guard channel.put(.fileStarted(path: reader.path)) else { return }
            var keys = DerivedKeyCounter()
            var rows = 0
            var batch: [PendingRow] = []
            batch.reserveCapacity(batchRows)
            while let row = try reader.next() {
                rows += 1
                batch.append(PendingRow(row, keys: &keys))
                if batch.count >= batchRows {
                    guard channel.put(.batch(batch, rowsInFile: rows, bytesRead: reader.bytesRead)) else { return }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty {
                guard channel.put(.batch(batch, rowsInFile: rows, bytesRead: reader.bytesRead)) else { return }
            }
            guard channel.put(.fileFinished(
                path: reader.path, rows: rows, unknownColumns: reader.unknownColumns, sha256: hex(reader.consumedDigest()),
                consumedBytes: reader.consumedBytes, fileSize: reader.fileSize)) else { return }
        }
    }
}
