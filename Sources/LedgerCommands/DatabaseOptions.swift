public import ArgumentParser
import Foundation

/// `--db PATH`, shared by every command. Default `ledger.sqlite` in the working directory;
/// the environment variable `LEDGER_RECON_DB` overrides the default, `--db` overrides both.
public struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The SQLite ledger file (default: ledger.sqlite in the working directory; the environment variable LEDGER_RECON_DB overrides the default).",
        valueName: "PATH"))
    var explicitPath: String?

    public init() {}

    public static let environmentVariable = "LEDGER_RECON_DB"
    public static let defaultPath = "ledger.sqlite"

    /// The database path this invocation uses.
    public var path: String {
        explicitPath ?? ProcessInfo.processInfo.environment[DatabaseOptions.environmentVariable] ?? DatabaseOptions.defaultPath
    }
}
