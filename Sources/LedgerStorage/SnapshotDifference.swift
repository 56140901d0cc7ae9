public import LedgerCore

/// One field in which an accounts-file row differs from the state its account was opened with.
public struct SnapshotDifference: Hashable, Sendable, CustomStringConvertible {
    /// As the accounts file names it: `balance`, `frozen_balance`, `status`, `points_type`…
    public var field: String
    public var opened: String
    public var stated: String
    /// The amounts, when the field is one (minor units of the account's asset, or points).
    public var openedAmount: Int64?
    public var statedAmount: Int64?
    /// Where the account was opened from (`accounts.csv:3`).
    public var openedFrom: String

    /// `balance: opened with 100.00 (from accounts.csv:3), file says 120.00`.
    public var description: String {
        "\(field): opened with \(opened)" + (openedFrom.isEmpty ? "" : " (from \(openedFrom))") + ", file says \(stated)"
    }

    /// The `snapshot_matches` break (SPEC §5): expected = the file's value, actual = the state the
    /// account was opened with. Amounts go in expected/actual only for the balance; any other
    /// field is named, with both values, in the detail (and in `field`, for the break's id).
    func violation(for snapshot: AccountSnapshot) -> CheckViolation {
        let isBalance = field == "balance"
        return CheckViolation(
            check: .snapshotMatches, tenantID: snapshot.tenantID, userID: snapshot.userID, asset: snapshot.asset,
            expected: isBalance ? statedAmount : nil, actual: isBalance ? openedAmount : nil,
            field: isBalance ? nil : field, detail: "\(snapshot.origin): \(description)"
        )
    }
}
