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
