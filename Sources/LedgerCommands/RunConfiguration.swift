import Foundation
import LedgerImport
import LedgerReports

/// Everything `ledger-recon run` was asked to do, after argument parsing (SPEC §4).
struct RunConfiguration: Sendable {
    var databasePath: String
    var tenantsFile: String?
    var accountsFiles: [String]
    var transfersFiles: [String]
    var expectedFile: String?
    var reportsRoot: String
    /// Rows per database transaction: a crash loses at most this many rows' work.
    var batchRows: Int
    var dryRun: Bool
    var failOnRejects: Bool
    /// How every input file's text is encoded (`--encoding`; SPEC §3).
    var encoding: CSVEncoding = .utf8
    /// `--abandon RUN_ID`: give up this unfinished run instead of resuming it.
    var abandonRunID: String? = nil
    /// `--csv-bom`, `--timezone`, `--split-by-tenant`: how the reports are written, not what the
    /// run decides (so not part of `inputsIdentity`: a resumed run may change them).
    var reportOptions = ReportOptions.plain

    /// The inputs and options that decide a night's outcomes, with absolute paths: an unfinished
    /// run is resumed only by a run with the same identity (SPEC §4).
    var inputsIdentity: String {
        let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        var parts: [String] = []
        if let tenantsFile { parts.append("tenants=" + absolute(tenantsFile)) }
        parts += accountsFiles.map { "accounts=" + absolute($0) }
        parts += transfersFiles.map { "transfers=" + absolute($0) }
        if let expectedFile { parts.append("expected=" + absolute(expectedFile)) }
        parts.append("encoding=\(encoding)")
        return parts.joined(separator: "\n")
    }

    /// Rows per transaction unless `--batch-size` says otherwise. A batch is also the unit of an
    /// import's memory (about 250 bytes a row; two are in flight, one applied and one read ahead,
    /// plus the one results.csv is finishing, and the touched accounts' rows of the batch whose
    /// commit waits for the next one), but each commit rewrites the touched account pages: on the
    /// 1M bench 10,000 rows saved 46 MB of peak and cost a quarter more time on the applying
    /// thread. 40,000 since commits are deferred (`LedgerEngine.defersCommits`): at 50,000 the
    /// waiting batch's ~80,000 account rows took the peak to 147–150 MB, at 40,000 it is 135 MB,
    /// in the same time.
    static let defaultBatchRows = 40_000
    static let batchRowsLimit = 1...100_000
}
