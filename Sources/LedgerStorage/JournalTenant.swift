/// A tenant's settings as the plain-text accounting export needs them (SPEC §7).
public struct JournalTenant: Sendable {
    public var tenantID: String
    public var name: String
    /// The tenant's default wallet currency code.
    public var currency: String
    /// The asset code of the tenant's points accounts.
    public var pointsType: String
    /// Points per one major unit of `currency`.
    public var exchangeRate: Int64

    public init(tenantID: String, name: String, currency: String, pointsType: String, exchangeRate: Int64) {
        self.tenantID = tenantID
        self.name = name
        self.currency = currency
        self.pointsType = pointsType
        self.exchangeRate = exchangeRate
    }
}
