/// One row of an accounts file, interpreted: the state an account is opened with (SPEC §3).
///
/// For an account already in the ledger the same row is compared with the state it was opened
/// with; a difference is a `snapshot_matches` break, never an overwrite.
public struct AccountSnapshot: Hashable, Sendable {
    public var tenantID: String
    public var userID: String
    public var asset: Asset
    public var applicationID: String
    public var status: AccountStatus
    public var balance: Int64
    public var frozenBalance: Int64
    public var totalEarned: Int64
    public var totalSpent: Int64
    public var expiredPoints: Int64
    public var origin: RowOrigin

    public init(
        tenantID: String, userID: String, asset: Asset, applicationID: String = "", status: AccountStatus = .active,
        balance: Int64, frozenBalance: Int64 = 0, totalEarned: Int64? = nil, totalSpent: Int64 = 0,
        expiredPoints: Int64 = 0, origin: RowOrigin = RowOrigin(file: "-", line: 0)
    ) {
        self.tenantID = tenantID
        self.userID = userID
        self.asset = asset
        self.applicationID = applicationID
        self.status = status
        self.balance = balance
        self.frozenBalance = frozenBalance
        // Points earned so far, when the snapshot does not say, is whatever makes the identity hold.
        self.totalEarned = totalEarned ?? (asset.kind == .points ? balance + totalSpent + expiredPoints : 0)
        self.totalSpent = totalSpent
        self.expiredPoints = expiredPoints
        self.origin = origin
    }

    public var kind: AccountKind { asset.kind }

    /// True when both describe the same opening state (ids and origin aside).
    public func sameState(as other: AccountSnapshot) -> Bool {
        asset == other.asset && applicationID == other.applicationID && status == other.status && balance == other.balance
            && frozenBalance == other.frozenBalance
            && (kind == .wallet || (totalEarned == other.totalEarned && totalSpent == other.totalSpent && expiredPoints == other.expiredPoints))
    }

    /// The state fields compared on re-load, with their names as the accounts file spells them.
    public func comparableFields() -> [(name: String, value: String)] {
        var fields: [(String, String)] = [
            ("balance", asset.format(balance)), ("frozen_balance", asset.format(frozenBalance)),
            ("status", status.rawValue), ("application_id", applicationID),
        ]
        if kind == .points {
            fields += [("total_earned", String(totalEarned)), ("total_spent", String(totalSpent)),
                       ("expired_points", String(expiredPoints))]
        }
        return fields
    }

    /// Why this snapshot cannot be opened, or nil: frozen above balance, negative counters, or
    /// points counters that contradict the balance (total_earned − total_spent − expired_points).
    public func problem() -> String? {
        if balance < 0 || frozenBalance < 0 { return "balance and frozen_balance must not be negative" }
        if frozenBalance > balance {
            return "frozen_balance \(asset.format(frozenBalance)) exceeds balance \(asset.format(balance))"
        }
        guard kind == .points else { return nil }
        if totalEarned < 0 || totalSpent < 0 || expiredPoints < 0 { return "points counters must not be negative" }
        let (earnedLessSpent, overflowA) = totalEarned.subtractingReportingOverflow(totalSpent)
        let (identity, overflowB) = earnedLessSpent.subtractingReportingOverflow(expiredPoints)
        if overflowA || overflowB || identity != balance {
            return "total_earned \(totalEarned) − total_spent \(totalSpent) − expired_points \(expiredPoints) is not balance \(balance)"
        }
        return nil
    }
}
