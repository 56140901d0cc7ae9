public import LedgerCore
public import LedgerStorage

/// What the reports need from the ledger, read once after the run's work is done: this run's
/// movements per account, the trial balance and the ledger checks' violations. Not every
/// account's ids: balances.csv reads the accounts again as it writes them (`writeLedgerReports`).
public struct LedgerReportData {
    public let movements: AccountMovements
    /// The run's transfer entries per tenant and asset, as its postings show them.
    public let runTransfers: [RunTransferTotals]
    /// Each account's state at the run's start; its balance is the opening balance in balances.csv.
    public let openingBalances: AccountStartStates
    public let trialBalance: [TrialBalanceLine]
    public let tenants: TenantDirectory
    /// Violations of the ledger-only checks, per check (every check present, maybe empty).
    public let ledgerViolations: [CheckName: [CheckViolation]]
    /// What each ledger check covered (SPEC §5 "Scope of the checks").
    public let checkExtents: [CheckName: CheckScope.Extent]

    /// - Parameters:
    ///   - openingBalances: each account's balance at run start (row id → minor units).
    ///   - scope: what the checks cover and which transfers are the run's movements.
    ///   - snapshot: the ledger, as the run (inside its own transaction) or `verify` reads it.
    ///   - chain: fed every entry the checks' scan reads (`verify`: one read for both).
    public init(_ snapshot: any LedgerSnapshot, openingBalances: AccountStartStates, scope: CheckScope, tenants: TenantDirectory,
                chain: HashChainCheck.Pass? = nil) throws {
        let checks = try LedgerChecks(snapshot, scope: scope, chain: chain)
        movements = checks.scan.movements
        runTransfers = checks.scan.runTransfers
        self.openingBalances = openingBalances
        trialBalance = checks.trialBalanceLines
        self.tenants = tenants
        var violations: [CheckName: [CheckViolation]] = [:]
        for check in CheckName.ledgerChecks { violations[check] = try checks.run(check) }
        ledgerViolations = violations
        checkExtents = Dictionary(uniqueKeysWithValues: CheckName.ledgerChecks.map { ($0, checks.extent(of: $0)) })
    }

    /// For a run: opening balances and watermark as the engine saw them at its start.
    public init(_ snapshot: any LedgerSnapshot, engine: LedgerEngine) throws {
        try self.init(snapshot, openingBalances: engine.startStates, scope: .run(engine), tenants: engine.tenants)
    }

    /// Writes balances.csv, trial_balance.csv, breaks.csv and resolved_breaks.csv into `directory`.
    /// - Parameter snapshot: the ledger these data were read from; balances.csv reads its accounts.
    public func writeLedgerReports(_ snapshot: any LedgerSnapshot, breaks: BreakReview, into directory: ReportDirectory,
                                   trailing: [(name: String, value: String)]) throws {
        try ReconciliationReports.writeBalances(snapshot, openingBalances: openingBalances, movements: movements,
                                                to: directory.file("balances.csv"), trailing: trailing, options: directory.options)
        try ReconciliationReports.writeTrialBalance(trialBalance, tenants: tenants, to: directory.file("trial_balance.csv"),
                                                    trailing: trailing, options: directory.options)
        try ReconciliationReports.writeBreaks(breaks, to: directory.file("breaks.csv"), trailing: trailing, options: directory.options)
        try ReconciliationReports.writeResolvedBreaks(breaks, to: directory.file("resolved_breaks.csv"), trailing: trailing,
                                                      options: directory.options)
    }
}
