public import LedgerCore

extension AccountRow {
    /// The opening state this row describes (SPEC §3 accounts), for a tenant already loaded.
    public func snapshot(tenants: TenantDirectory) throws(InputProblem) -> AccountSnapshot {
        let asset = try FieldValue.accountAsset(tenantID: tenantID, userID: userID, kind: kind, currency: currency,
                                                recordProblem: recordProblem, tenants: tenants, origin: origin)
        let balanceValue = try FieldValue.amount(balance, asset: asset, field: "balance", origin: origin)
        let frozen = try FieldValue.amount(frozenBalance, asset: asset, field: "frozen_balance", origin: origin, defaultValue: 0)
        let points = Asset(pointsType: asset.code)
        var earned: Int64?, spent: Int64 = 0, expired: Int64 = 0
        if asset.kind == .points {
            if let text = totalEarned, !text.isEmpty {
                earned = try FieldValue.amount(text, asset: points, field: "total_earned", origin: origin)
            }
            spent = try FieldValue.amount(totalSpent, asset: points, field: "total_spent", origin: origin, defaultValue: 0)
            expired = try FieldValue.amount(expiredPoints, asset: points, field: "expired_points", origin: origin, defaultValue: 0)
        }
        var openedAtMillis: Int64?
        if let text = openedAt, !text.isEmpty {
            guard let millis = Timestamp.parseMillis(text) else {
                throw InputProblem(origin, field: "opened_at", "'\(text)' is not an RFC 3339 timestamp (e.g. 2019-01-01T00:00:00Z)")
            }
            openedAtMillis = millis
        }
        var snapshot = AccountSnapshot(
            tenantID: tenantID, userID: userID, asset: asset, applicationID: applicationID ?? "",
            status: try FieldValue.status(status, origin: origin), balance: balanceValue, frozenBalance: frozen,
            totalEarned: earned, totalSpent: spent, expiredPoints: expired, origin: origin, stated: statedFields
        )
        snapshot.openedAtMillis = openedAtMillis
        if let problem = snapshot.problem() { throw InputProblem(origin, problem) }
        return snapshot
    }

    /// The optional columns this row states: those its file has (an empty value states the
    /// default), except a wallet's currency and total_earned, which an empty value leaves to be
    /// resolved (the user's one wallet, the tenant's currency) or derived (from the other counters).
    var statedFields: AccountSnapshot.Fields {
        var fields: AccountSnapshot.Fields = []
        if let currency, !currency.isEmpty { fields.insert(.currency) }
        if frozenBalance != nil { fields.insert(.frozenBalance) }
        if status != nil { fields.insert(.status) }
        if applicationID != nil { fields.insert(.applicationID) }
        if let totalEarned, !totalEarned.isEmpty { fields.insert(.totalEarned) }
        if totalSpent != nil { fields.insert(.totalSpent) }
        if expiredPoints != nil { fields.insert(.expiredPoints) }
        return fields
    }
}
