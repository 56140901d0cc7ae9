import Crypto
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
    /// (role, path, sha256) in the order given, for summary.json.
    var fingerprints: [(role: String, path: String, sha256: String)] = []

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
        fingerprints = try files.map { ($0.0, $0.1, try RunInputs.sha256(of: $0.1)) }
    }

    /// The file's SHA-256, read in 1 MiB chunks (never the whole file in memory).
    static func sha256(of path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CSVFileError.cannotOpen(path: path, reason: "cannot open for hashing") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
