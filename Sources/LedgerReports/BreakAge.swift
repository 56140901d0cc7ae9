import LedgerCore

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

/// The age buckets report.html counts open breaks in (SPEC §5): a break nobody has looked at for a
/// month is a different problem from tonight's.
public enum BreakAge: Int, CaseIterable, Sendable, Comparable {
    case new, upToThreeDays, upToAWeek, upToAMonth, older

    /// Age 0 is new; 1–3 days; 4–7; 8–30; more than 30.
    public init(days: Int) {
        switch days {
        case ..<1: self = .new
        case 1...3: self = .upToThreeDays
        case 4...7: self = .upToAWeek
        case 8...30: self = .upToAMonth
        default: self = .older
        }
    }

    public var label: String {
        switch self {
        case .new: "new tonight"
        case .upToThreeDays: "1–3 days"
        case .upToAWeek: "4–7 days"
        case .upToAMonth: "8–30 days"
        case .older: "over 30 days"
        }
    }

    /// The CSS class of its bar: older breaks are drawn darker.
    var tone: String { "age-\(rawValue)" }

    public static func < (lhs: BreakAge, rhs: BreakAge) -> Bool { lhs.rawValue < rhs.rawValue }
}
