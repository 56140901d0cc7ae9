/// What an account's stored state was when a run started (SPEC §5 "Scope of the checks"): the
/// run-scoped checks start each account's chain here, and expect its stored state at the end to
/// be this plus the run's legs. An account opened later starts from `empty`.
public struct AccountStartState: Hashable, Sendable {
    public var balance: Int64
    public var lastSequence: Int64
    /// 128-bit: posted totals pass Int64 over years (SPEC §6).
    public var postedDebits: Int128
    public var postedCredits: Int128

    public init(balance: Int64, lastSequence: Int64, postedDebits: Int128, postedCredits: Int128) {
        self.balance = balance
        self.lastSequence = lastSequence
        self.postedDebits = postedDebits
        self.postedCredits = postedCredits
    }

    /// Every account starts empty: its opening balance arrives through its opening entry.
    public static let empty = AccountStartState(balance: 0, lastSequence: 0, postedDebits: 0, postedCredits: 0)
}
