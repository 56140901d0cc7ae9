import LedgerCore
import LedgerStore
import LedgerStorage

/// One break as report.html shows it: the violation plus what the break register knows about it
/// (SPEC §5 breaks.csv's last columns). The register's fields default to a break seen for the
/// first time tonight, so a report written without a register reads every break as `new`.
public struct ReportBreak: Sendable {
    public var violation: CheckViolation
    public var breakID: String
    /// `new` or `open`.
    public var state: String
    /// Whole days since the break was first seen (0 tonight).
    public var ageDays: Int
    public var firstSeenAt: String
    /// One sentence: what a person should look at or do.
    public var hint: String

    public init(_ violation: CheckViolation, breakID: String = "", state: String = "new", ageDays: Int = 0,
                firstSeenAt: String = "", hint: String = "") {
        self.violation = violation
        self.breakID = breakID
        self.state = state
        self.ageDays = ageDays
        self.firstSeenAt = firstSeenAt
        self.hint = hint
    }

    public var age: BreakAge { BreakAge(days: ageDays) }
}

extension ReportBreak {
    /// A break as the register knows it, its first sighting shown in the report's time zone.
    public init(_ registered: RegisteredBreak, times: LocalTimeFormatter) {
        self.init(registered.violation, breakID: registered.breakID, state: registered.state.rawValue,
                  ageDays: registered.ageDays, firstSeenAt: times.format(millis: registered.firstSeenAt),
                  hint: BreakHint.text(for: registered.violation))
    }
}
