
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
}
