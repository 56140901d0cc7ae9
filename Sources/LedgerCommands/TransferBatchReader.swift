import Foundation
import LedgerCore
import LedgerImport
import LedgerStore
import LedgerStorage

/// What the reading thread tells the applying thread, in file order.
enum ImportEvent: Sendable {
    /// A file is opened; `size` is `nil` for a pipe or FIFO.
    case fileStarted(path: String, size: Int?)
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
        channel.startProducer(named: "ledger-recon.csv") { [self] in try readAll(into: channel) }
    }

    private func readAll(into channel: BatchChannel<ImportEvent>) throws {
        for (position, reader) in readers.enumerated() {
            guard channel.put(.fileStarted(path: reader.path, size: reader.fileSize)) else { return }
            var matcher = CheckpointMatcher(position < decidedInputs.count ? decidedInputs[position] : [])
            var keys = DerivedKeyCounter()
            var rows = 0
            var held = ReadBatch(position: position, path: reader.path, capacity: batchRows)
            func emit(covered: DecidedInput?, digest: [UInt8], fileSHA256: [UInt8]? = nil) -> Bool {
                var batch = held
                batch.end = InputCheckpoint(rows: rows, bytes: reader.consumedBytes, digest: digest)
                batch.fileSHA256 = fileSHA256
                batch.coveredBy = covered
                guard channel.put(.batch(batch)) else { return false }
                // Reading runs many times faster than applying: start the next batch only once the
                // applier has taken this one, so at most one batch waits ready (SPEC §6: memory
                // follows accounts, not rows) while the next is still read during its apply.
                guard channel.waitUntilTaken() else { return false }
                // A fresh batch rather than emptying this one: its arrays now belong to the applying thread.
                held = ReadBatch(position: position, path: reader.path, capacity: batchRows)
                return true
            }
            while let row = try reader.next() {
                rows += 1
                held.append(row, keys: &keys)
                let wasWaiting = matcher.isWaiting
                let covering = matcher.observe(rows: rows, bytes: reader.consumedBytes, digest: reader.consumedDigest)
                if let contradicted = matcher.contradictedResume { throw RunRefusal.inputsChanged(path: reader.path, run: contradicted.runID) }
                if let covering {
                    guard emit(covered: covering, digest: reader.consumedDigest()) else { return }
                } else if (wasWaiting && !matcher.isWaiting) || (!matcher.isWaiting && held.rowCount >= batchRows) {
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
