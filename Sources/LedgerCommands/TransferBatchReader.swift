import Foundation
import LedgerCore
import LedgerImport
import LedgerStore

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

/// Rows of one transfers file read together, to be decided in one transaction.
struct ReadBatch: Sendable {
    var rows: [PendingRow]
    /// The file's position among the run's transfers files, and its path.
    var position: Int
    var path: String
    /// Where the batch ends in the file: rows so far, their bytes and SHA-256.
    var end: InputCheckpoint
    /// The whole file's SHA-256, on its last batch.
    var fileSHA256: [UInt8]?
    /// Earlier decisions that cover every row (SPEC §2, §4).
    var coveredBy: DecidedInput?
    /// Bytes read from the file so far, for progress.
    var bytesRead: Int

    /// The batch as the ledger writer takes it.
    var transferBatch: TransferBatch {
        var requests: [TransferRequest] = []
        var invalidRows: [(line: Int, rejection: Rejection)] = []
        requests.reserveCapacity(rows.count)
        for row in rows {
            switch row {
            case .valid(let request): requests.append(request)
            case .invalid(let row, _, let rejection): invalidRows.append((row.origin.line, rejection))
            }
        }
        return TransferBatch(requests: requests, invalidRows: invalidRows,
                             file: BatchFile(position: position, path: path, end: end, fileSHA256: fileSHA256),
                             coveredBy: coveredBy)
    }
}

/// What the reading thread tells the applying thread, in file order.
enum ImportEvent: Sendable {
    case fileStarted(path: String)
    case batch(ReadBatch)
    /// The file was read to its end: `sha256` (hex) of its `consumedBytes` original bytes, and its
    /// size when opened (`nil` for a pipe or FIFO).
    case fileFinished(path: String, rows: Int, unknownColumns: [String], sha256: String, consumedBytes: Int, fileSize: Int?)
}

/// Reads and validates the transfers files on a thread of its own, in batches of `batchRows`:
/// CSV parsing, amount parsing and fingerprint hashing run beside the SQLite work.
/// A batch never spans two files. Where an earlier run decided the same bytes, batches end at
/// that run's checkpoints, so that each batch is wholly covered by earlier decisions or not at all.
final class TransferBatchReader: @unchecked Sendable {
    // @unchecked: the readers move to the reading thread when `start` is called and are never
    // touched by the caller again; nothing else is mutable.
    private let readers: [TransferFileReader]
    private let batchRows: Int
    private let decidedInputs: [[DecidedInput]]

    /// - Parameter decidedInputs: per file position, the earlier files that may cover it.
    init(readers: [TransferFileReader], batchRows: Int, decidedInputs: [[DecidedInput]]) {
        self.readers = readers
        self.batchRows = batchRows
        self.decidedInputs = decidedInputs
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
        for (position, reader) in readers.enumerated() {
            guard channel.put(.fileStarted(path: reader.path)) else { return }
            var matcher = CheckpointMatcher(position < decidedInputs.count ? decidedInputs[position] : [])
            var keys = DerivedKeyCounter()
            var rows = 0
            var held: [PendingRow] = []
            held.reserveCapacity(batchRows)
            func emit(covered: DecidedInput?, digest: [UInt8], fileSHA256: [UInt8]? = nil) -> Bool {
                let batch = ReadBatch(
                    rows: held, position: position, path: reader.path,
                    end: InputCheckpoint(rows: rows, bytes: reader.consumedBytes, digest: digest),
                    fileSHA256: fileSHA256, coveredBy: covered, bytesRead: reader.bytesRead)
                held.removeAll(keepingCapacity: true)
                return channel.put(.batch(batch))
            }
            while let row = try reader.next() {
                rows += 1
                held.append(PendingRow(row, keys: &keys))
                let wasWaiting = matcher.isWaiting
                let covering = matcher.observe(rows: rows, bytes: reader.consumedBytes, digest: reader.consumedDigest)
                if let contradicted = matcher.contradictedResume { throw RunRefusal.inputsChanged(path: reader.path, run: contradicted.runID) }
                if let covering {
                    guard emit(covered: covering, digest: reader.consumedDigest()) else { return }
                } else if (wasWaiting && !matcher.isWaiting) || (!matcher.isWaiting && held.count >= batchRows) {
                    guard emit(covered: nil, digest: reader.consumedDigest()) else { return }
                }
            }
            // The last batch, possibly empty, marks the file read to its end; its checkpoint is the
            // whole file, blank lines after the last row included.
            let sha256 = reader.consumedDigest()
            let covering = matcher.observe(rows: rows, bytes: reader.consumedBytes, digest: { sha256 })
            matcher.finish()
            if let contradicted = matcher.contradictedResume { throw RunRefusal.inputsChanged(path: reader.path, run: contradicted.runID) }
            guard emit(covered: held.isEmpty ? nil : covering, digest: sha256, fileSHA256: sha256) else { return }
            guard channel.put(.fileFinished(
                path: reader.path, rows: rows, unknownColumns: reader.unknownColumns, sha256: hex(sha256),
                consumedBytes: reader.consumedBytes, fileSize: reader.fileSize)) else { return }
        }
    }
}
