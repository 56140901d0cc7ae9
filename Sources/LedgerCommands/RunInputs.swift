import Foundation
import LedgerCore
import LedgerImport
import LedgerReports

/// The run's input files, opened and checked before anything is applied (SPEC §3): a missing
/// file, a file in another encoding, a bad header, a near-miss or missing column fails the run
/// (exit 2) with nothing written.
///
/// Each file is read exactly once, by its reader, which also hashes the bytes it parses — so a
/// pipe or FIFO (`--transfers <(zcat night.csv.gz)`) is read whole by the import and nothing else.
struct RunInputs {
    var tenants: TenantFileReader?
    var accounts: [AccountFileReader]
    var transfers: [TransferFileReader]
    var expected: ExpectedBalanceFileReader?
    /// (role, path) of every input, in the order the job reads them — tenants, accounts,
    /// transfers, expected — which is the order summary.json lists them in.
    let files: [(role: String, path: String)]

    /// Opens every file and reads its header.
    /// - Throws: `CSVFileError` naming the file (and column).
    init(_ configuration: RunConfiguration) throws {
        let encoding = configuration.encoding
        tenants = try configuration.tenantsFile.map { path throws(CSVFileError) in
            try TenantFileReader(path: path, encoding: encoding)
        }
        accounts = try configuration.accountsFiles.map { path throws(CSVFileError) in
            try AccountFileReader(path: path, encoding: encoding)
        }
        transfers = try configuration.transfersFiles.map { path throws(CSVFileError) in
            try TransferFileReader(path: path, encoding: encoding)
        }
        expected = try configuration.expectedFile.map { path throws(CSVFileError) in
            try ExpectedBalanceFileReader(path: path, encoding: encoding)
        }
        var files: [(role: String, path: String)] = []
        if let path = configuration.tenantsFile { files.append(("tenants", path)) }
        files += configuration.accountsFiles.map { ("accounts", $0) }
        files += configuration.transfersFiles.map { ("transfers", $0) }
        if let path = configuration.expectedFile { files.append(("expected", path)) }
        self.files = files
    }
}

extension CSVRowReader {
    /// What this reader has consumed so far — at end of file, the whole input — for summary.json
    /// and `input_accounted`.
    var fileRead: InputAccounting.FileRead {
        InputAccounting.FileRead(path: path, sha256: hex(consumedDigest()), consumedBytes: consumedBytes, fileSize: fileSize)
    }
}
