import LedgerCore

/// Every violation found in a run, by check, so summary.json can count them per check and
/// breaks.csv can list them all.
struct BreakBook {
    private(set) var byCheck: [CheckName: [CheckViolation]] = [:]

    mutating func add(_ violation: CheckViolation) {
        byCheck[violation.check, default: []].append(violation)
    }

    mutating func add(_ violations: [CheckName: [CheckViolation]]) {
        for (check, found) in violations { byCheck[check, default: []] += found }
    }

    var all: [CheckViolation] { CheckName.allCases.flatMap { byCheck[$0] ?? [] } }

    var total: Int { byCheck.values.reduce(0) { $0 + $1.count } }

    /// (check, violation count) for every check of SPEC §5, in its order.
    func counts(for checks: [CheckName] = CheckName.runChecks) -> [(CheckName, Int)] {
        checks.map { ($0, byCheck[$0]?.count ?? 0) }
    }
}
