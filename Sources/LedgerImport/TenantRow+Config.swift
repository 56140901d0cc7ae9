public import LedgerCore

extension TenantRow {
    /// What this row states (SPEC §2 tenants): an optional column that is absent or left empty
    /// states nothing, so the stored setting stays (defaults apply to a new tenant only).
    public func update() throws(InputProblem) -> TenantUpdate {
        if let recordProblem { throw InputProblem(origin, recordProblem) }
        guard !tenantID.isEmpty else { throw InputProblem(origin, field: "tenant_id", "missing required value") }
        guard !name.isEmpty else { throw InputProblem(origin, field: "name", "missing required value") }
        guard let enabled = FieldValue.bool(transferEnabled) else {
            throw InputProblem(origin, field: "transfer_enabled", "'\(transferEnabled)' is not true/false, 1/0 or yes/no")
        }
        var rate: Int64?
        if let text = exchangeRate, !text.isEmpty {
            do {
                rate = try MoneyText.parsePositive(text, exponent: 0)
            } catch {
                throw InputProblem(origin, field: "exchange_rate", "'\(text)' is not a positive whole number of points per unit")
            }
        }
        var currencyValue: Currency?
        if let code = currency, !code.isEmpty {
            guard let known = Currency(code: code) else {
                throw InputProblem(origin, field: "currency", "unknown currency '\(code)' (known: \(Currency.knownCodes))")
            }
            currencyValue = known
        }
        let type = pointsType.flatMap { $0.isEmpty ? nil : $0 }
        return TenantUpdate(tenantID: tenantID, name: name, transferEnabled: enabled, pointsType: type,
                            exchangeRate: rate, currency: currencyValue, origin: origin)
    }

    /// The configuration this row gives a tenant not yet in the ledger (defaults `cash_equivalent`, 100, CNY).
    public func config() throws(InputProblem) -> TenantConfig {
        try update().applied(to: nil)
    }
}
