public import ArgumentParser

/// The exit codes of SPEC §4, in one place: every command ends through one of these.
public enum LedgerExit: Int32, Sendable, CaseIterable {
    /// The books balance (rejected rows alone are not a failure).
    case balanced = 0
    /// A reconciliation check failed.
    case checkFailed = 1
    /// Usage error, unreadable input, or (query commands) nothing in the ledger matches the request;
    /// nothing was applied.
    case usageOrInput = 2
    /// Another run holds the database.
    case databaseBusy = 3
    /// Rows were rejected and `--fail-on-rejects` was given.
    case rowsRejected = 4
    /// The run stopped part-way (database or I/O error, disk full, a report that could not be
    /// written): batches committed before the error stay applied; the same command finishes the night.
    case stoppedPartWay = 5

    public var exitCode: ExitCode { ExitCode(rawValue) }

    /// What the code means, for the last line a command prints on stdout: cron mails that line,
    /// so it must be about this run whatever happened.
    public var meaning: String {
        switch self {
        case .balanced: "the books balance"
        case .checkFailed: "a reconciliation check failed; see breaks.csv"
        case .usageOrInput: "usage error or unreadable input; nothing was applied"
        case .databaseBusy: "another run holds the database; nothing was applied"
        case .rowsRejected: "rows were rejected and --fail-on-rejects was given; see results.csv"
        case .stoppedPartWay:
            "the run stopped part-way; batches committed before the error stay applied, run the same command again to finish the night"
        }
    }

    /// `exit N: meaning`, the last line on stdout.
    public var statusLine: String { "exit \(rawValue): \(meaning)" }
}
