import GRDB

/// What the ledger checks read (SPEC §5 "Scope of the checks"): a run checks its own transfers in
/// full, from each account's state at its start; `verify` checks all history from empty accounts.
/// Either way every account's stored state is compared with its start state plus the legs
/// scanned, and the trial balance runs over every account's posted totals, so a night costs
/// O(night + accounts), never O(history).
public struct CheckScope: Sendable {
    /// As summary.json names it.
    public enum Extent: String, Sendable {
        case run, full
    }

    public var extent: Extent
    /// Transfers with a higher row id are checked in full.
    public var since: Int64
    /// Transfers with a higher row id are the run's movements in balances.csv and input_accounted.
    public var movementsSince: Int64
    /// Each account's state at `since`; an account missing here starts `.empty`.
    public var startStates: AccountStartStates

    public init(extent: Extent, since: Int64, movementsSince: Int64, startStates: AccountStartStates) {
        self.extent = extent
        self.since = since
        self.movementsSince = movementsSince
        self.startStates = startStates
    }

    /// A run's checks: its transfers (the night's, when it resumes one) from the state the
    /// accounts had when it started.
    public static func run(_ writer: LedgerWriter) -> CheckScope {
        CheckScope(extent: .run, since: writer.transfersWatermark, movementsSince: writer.transfersWatermark,
                   startStates: writer.startStates)
    }

    /// `verify`: all history, from empty accounts; no movements (its report shows the ledger as it is).
    public static func full(_ db: Database) throws -> CheckScope {
        let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM transfers") ?? 0
        return CheckScope(extent: .full, since: 0, movementsSince: last, startStates: AccountStartStates())
    }

    /// Every account's current balance as its start balance (verify's opening balances: it moves nothing).
    public static func currentBalances(_ db: Database) throws -> AccountStartStates {
        var balances = AccountStartStates(reservingUpTo: try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM account_balances") ?? 0)
        let rows = try RawStatement(db, sql: "SELECT id, balance FROM account_balances ORDER BY id")
        try rows.query { row in balances[row.int64(0)].balance = row.int64(1) }
        return balances
    }
}
