import LedgerCore
import LedgerStore
import LedgerStorage

/// The `input_accounted` check (SPEC §5): every row read has exactly one outcome, the amounts the
/// run says it applied equal the transfer postings it created, per tenant and asset, and every
/// regular input file was read to its end (SPEC §3: bytes consumed = the file's size).
public enum InputAccounting {
    /// How much of one input file the run's reader consumed.
    public struct FileRead: Sendable, Equatable {
        public var path: String
        /// SHA-256 (hex) of the bytes consumed.
        public var sha256: String
        /// Original bytes the reader consumed, through the end of its last record.
        public var consumedBytes: Int
        /// The file's size when it was opened; `nil` for a pipe or FIFO, which have none.
        public var fileSize: Int?

        public init(path: String, sha256: String, consumedBytes: Int, fileSize: Int?) {
            self.path = path
            self.sha256 = sha256
            self.consumedBytes = consumedBytes
            self.fileSize = fileSize
        }
    }

    /// - Parameters:
    ///   - counts: rows read (as the readers counted them) and outcomes.
    ///   - applied: what the run counted as applied, per tenant and asset.
    ///   - posted: what the run's postings show (`LedgerScan.runTransfers`).
    ///   - files: every input file as its reader consumed it.
    public static func violations(
        counts: RunSummary.Counts, applied: [AppliedTotals.Key: AppliedTotals.Value], posted: [RunTransferTotals],
        files: [FileRead]
    ) -> [CheckViolation] {
        var found: [CheckViolation] = []
        for file in files {
            guard let size = file.fileSize, size != file.consumedBytes else { continue }
            found.append(CheckViolation(
                check: .inputAccounted, expected: Int64(size), actual: Int64(file.consumedBytes),
                detail: "\(file.path): \(file.consumedBytes) of its \(size) bytes were read: the file was not read to "
                    + "its end, or it changed while it was read; run again with the file left alone"))
        }
        let outcomes = counts.applied + counts.duplicate + counts.rejected
        if counts.read != outcomes {
            found.append(CheckViolation(check: .inputAccounted, expected: Int64(counts.read), actual: Int64(outcomes),
                                        detail: "rows read ≠ applied + duplicate + rejected: some rows have no single outcome"))
        }
        var written: [AppliedTotals.Key: RunTransferTotals] = [:]
        for total in posted { written[AppliedTotals.Key(tenantID: total.tenantID, asset: total.asset)] = total }
        for key in Set(written.keys).union(applied.keys).sorted() {
            let counted = applied[key] ?? AppliedTotals.Value()
            let postings = written[key]
            guard counted.amount != postings?.amount ?? 0 || counted.transfers != postings?.entries ?? 0 else { continue }
            // SPEC §5: expected = what the postings add up to, actual = what the run counted as applied.
            found.append(CheckViolation(
                check: .inputAccounted, tenantID: key.tenantID, asset: key.asset, expected: postings?.amount ?? 0,
                actual: counted.amount,
                detail: "run applied \(counted.transfers) transfers; its postings show \(postings?.entries ?? 0) entries"))
        }
        return found
    }
}
