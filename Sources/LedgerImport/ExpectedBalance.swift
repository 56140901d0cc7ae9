public import LedgerCore

/// What an outside system says an account's balance is after the run (SPEC §3 expected balances).
public struct ExpectedBalance: Hashable, Sendable {
    public var tenantID: String
    public var userID: String
    public var asset: Asset
    public var balance: Int64
    /// nil when the file has no frozen_balance column or leaves it empty: not compared.
    public var frozenBalance: Int64?
    public var origin: RowOrigin
}

extension ExpectedBalanceRow {
    public func expected(tenants: TenantDirectory) throws(InputProblem) -> ExpectedBalance {
        let asset = try FieldValue.accountAsset(tenantID: tenantID, userID: userID, kind: kind, currency: currency,
                                                recordProblem: recordProblem, tenants: tenants, origin: origin)
        let balanceValue = try FieldValue.amount(balance, asset: asset, field: "balance", origin: origin)
        var frozen: Int64?
        if let text = frozenBalance, !text.isEmpty {
            frozen = try FieldValue.amount(text, asset: asset, field: "frozen_balance", origin: origin)
        }
        return ExpectedBalance(tenantID: tenantID, userID: userID, asset: asset, balance: balanceValue,
                               frozenBalance: frozen, origin: origin)
    }
}
