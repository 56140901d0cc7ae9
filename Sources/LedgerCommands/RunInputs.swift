import Foundation
import LedgerImport
import LedgerReports

/// The run's input files, opened and checked before anything is applied (SPEC §3): a missing
/// file, a bad header or a missing column fails the run (exit 2) with nothing written.
struct RunInputs {
    var tenants: TenantFileReader?
    var accounts: [AccountFileReader]
    var transfers: [TransferFileReader]
    var expected: ExpectedBalanceFileReader?
    /// SHA-256 of every input, for summary.json, computed beside the import.
    let hashes: InputHashes

    /// Opens every file and reads its header.
    /// - Throws: `CSVFileError` naming the file (and column).
    init(_ configuration: RunConfiguration) throws {
        tenants = try configuration.tenantsFile.map { path throws(CSVFileError) in try TenantFileReader(path: path) }
        accounts = try configuration.accountsFiles.map { path throws(CSVFileError) in try AccountFileReader(path: path) }
        transfers = try configuration.transfersFiles.map { path throws(CSVFileError) in try TransferFileReader(path: path) }
        expected = try configuration.expectedFile.map { path throws(CSVFileError) in try ExpectedBalanceFileReader(path: path) }
        var files: [(String, String)] = []
        if let path = configuration.tenantsFile { files.append(("tenants", path)) }
        files += configuration.accountsFiles.map { ("accounts", $0) }
        files += configuration.transfersFiles.map { ("transfers", $0) }
        if let path = configuration.expectedFile { files.append(("expected", path)) }
        hashes = InputHashes(files: files)
    }
}
