import LedgerCore
import LedgerStore
import LedgerStorage

/// Rows of one transfers file read together, to be decided in one transaction.
///
/// The valid rows' requests and the invalid rows are kept in two arrays rather than one array of
/// either: the ledger writer takes `requests` as it is (shared, not copied), and results.csv
/// merges the two back into file order by `InvalidRow.position`. A batch is the unit of memory
/// of an import (a few are alive at once: being read, applied and written), so it holds nothing
/// else per row.
struct ReadBatch: Sendable {
    /// The valid rows, in file order.
    var requests: [TransferRequest] = []
    /// The rows the stateless checks rejected, in file order.
    var invalidRows: [InvalidRow] = []
    /// The file's position among the run's transfers files, and its path.
    var position: Int
    var path: String
    /// Where the batch ends in the file: rows so far, their bytes and SHA-256.
    var end = InputCheckpoint(rows: 0, bytes: 0, digest: [])
    /// The whole file's SHA-256, on its last batch.
    var fileSHA256: [UInt8]?
    /// Earlier decisions that cover every row (SPEC §2, §4).
    var coveredBy: DecidedInput?

    init(position: Int, path: String, capacity: Int) {
        self.position = position
        self.path = path
        requests.reserveCapacity(capacity)
    }

    /// Rows in the batch, valid and invalid.
    var rowCount: Int { requests.count + invalidRows.count }

    var isEmpty: Bool { requests.isEmpty && invalidRows.isEmpty }

    /// Validates one row (SPEC §2's stateless checks) and adds it.
    mutating func append(_ row: TransferRow, keys: inout DerivedKeyCounter) {
        let validated = RequestValidator.validate(row, keys: &keys)
        switch validated.request {
        case .success(let request):
            requests.append(request)
        case .failure(let rejection):
            invalidRows.append(InvalidRow(position: rowCount, row: row, idempotencyKey: validated.idempotencyKey,
                                          rejection: rejection))
        }
    }

    /// The batch as the ledger writer takes it.
    var transferBatch: TransferBatch {
        TransferBatch(requests: requests, invalidRows: invalidRows.map { ($0.row.origin.line, $0.rejection) },
                      file: BatchFile(position: position, path: path, end: end, fileSHA256: fileSHA256),
                      coveredBy: coveredBy)
    }
}

/// A row that failed the stateless checks, kept as read: results.csv shows its text as it came.
struct InvalidRow: Sendable {
    /// Index among all rows of its batch.
    var position: Int
    var row: TransferRow
    /// The key it would be applied under (derived for a keyless row).
    var idempotencyKey: String
    var rejection: Rejection
}
