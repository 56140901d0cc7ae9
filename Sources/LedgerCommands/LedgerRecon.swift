import ArgumentParser

/// The `ledger-recon` root command (SPEC §4).
public struct LedgerRecon: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ledger-recon",
        abstract: "A double-entry ledger of wallets and loyalty points, and the nightly job that imports transfers and reconciles the books.",
        subcommands: [RunCommand.self, VerifyCommand.self]
    )

    public init() {}
}
