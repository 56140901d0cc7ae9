import LedgerImport

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

    static let defaultBatchRows = 50_000
    static let batchRowsLimit = 1...100_000
}
