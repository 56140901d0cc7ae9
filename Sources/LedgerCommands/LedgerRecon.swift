public import ArgumentParser
import Foundation

/// The `ledger-recon` root command (SPEC §4).
public struct LedgerRecon: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ledger-recon",
        abstract: "A double-entry ledger of wallets and loyalty points, and the nightly job that imports transfers and reconciles the books.",
        version: LedgerRecon.version,
        subcommands: [RunCommand.self, VerifyCommand.self, TransactionsCommand.self, AccountsCommand.self, RunsCommand.self,
                      ExportCommand.self]
    )

    /// What `ledger-recon --version` prints.
    public static let version = "ledger-recon 0.8.0"

    public init() {}

    /// Like `ParsableCommand.main()`, except that usage errors exit 2 as SPEC §4 says
    /// (argument-parser's own default is 64, EX_USAGE), and end with the status line on stdout
    /// like every other exit of a command.
    public static func main(_ arguments: [String]? = nil) {
        MallocTuning.apply()
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                print(LedgerExit.usageOrInput.statusLine)
                Foundation.exit(LedgerExit.usageOrInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
