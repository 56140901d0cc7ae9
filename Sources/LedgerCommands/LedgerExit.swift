import ArgumentParser

/// The exit codes of SPEC §4, in one place: every command ends through one of these.
public enum LedgerExit: Int32, Sendable {
    /// The books balance (rejected rows alone are not a failure).
    case balanced = 0
    /// A reconciliation check failed.
    case checkFailed = 1
    /// Usage error, unreadable input, or (query commands) nothing in the ledger matches the request.
    case usageOrInput = 2
    /// Another run holds the database.
    case databaseBusy = 3
    /// Rows were rejected and `--fail-on-rejects` was given.
    case rowsRejected = 4

    public var exitCode: ExitCode { ExitCode(rawValue) }
}
