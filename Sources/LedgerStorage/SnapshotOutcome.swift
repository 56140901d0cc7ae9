public import LedgerCore

/// What loading one accounts-file row did.
public enum SnapshotOutcome: Hashable, Sendable {
    /// A new account, opened with the row's state (and an opening entry when its balance is not zero).
    case opened(accountID: String)
    /// The account exists and was opened with exactly this state (in the fields the row states): nothing to do.
    case unchanged
    /// The account exists but was opened with a different state: one `snapshot_matches` break per field.
    case differs([SnapshotDifference], opened: AccountSnapshot)
    /// The row cannot be loaded (unknown tenant, contradictory counters): an `inputs_valid` break.
    case invalid(String)

    /// The breaks this outcome is for `snapshot` (the row as loaded): none for opened or unchanged.
    public func violations(for snapshot: AccountSnapshot) -> [CheckViolation] {
        switch self {
        case .opened, .unchanged:
            return []
        case .differs(let differences, _):
            return differences.map { $0.violation(for: snapshot) }
        case .invalid(let problem):
            return [CheckViolation(check: .inputsValid, tenantID: snapshot.tenantID, userID: snapshot.userID,
                                   asset: snapshot.asset, detail: "\(snapshot.origin): \(problem)")]
        }
    }
}
