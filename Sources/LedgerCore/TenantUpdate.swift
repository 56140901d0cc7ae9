/// What one tenants-file row states about a tenant (SPEC §2 tenants, §3).
///
/// Re-loading a tenants file changes only what the file states: an optional setting that is nil
/// here (its column absent, or its value empty) keeps the stored setting. Defaults apply only
/// when the tenant is first created. A night-2 file with only the required columns therefore
/// cannot reset a tenant's points type or currency and so mint a second set of accounts.
public struct TenantUpdate: Hashable, Sendable {
    public var tenantID: String
    public var name: String
    public var transferEnabled: Bool
    public var pointsType: String?
    public var exchangeRate: Int64?
    public var currency: Currency?
    /// The tenants-file row, for the messages of refused changes.
    public var origin: RowOrigin

    public init(
        tenantID: String, name: String, transferEnabled: Bool, pointsType: String? = nil, exchangeRate: Int64? = nil,
        currency: Currency? = nil, origin: RowOrigin = RowOrigin(file: "-", line: 0)
    ) {
        precondition(exchangeRate.map { $0 > 0 } ?? true, "exchange rate must be positive")
        self.tenantID = tenantID
        self.name = name
        self.transferEnabled = transferEnabled
        self.pointsType = pointsType
        self.exchangeRate = exchangeRate
        self.currency = currency
        self.origin = origin
    }

    /// An update stating every setting of `config`.
    public init(stating config: TenantConfig, origin: RowOrigin = RowOrigin(file: "-", line: 0)) {
        self.init(tenantID: config.tenantID, name: config.name, transferEnabled: config.transferEnabled,
                  pointsType: config.pointsType, exchangeRate: config.exchangeRate, currency: config.currency, origin: origin)
    }

    /// The configuration after this update: what it states over `stored`, or over the defaults
    /// (`cash_equivalent`, 100, CNY) for a tenant not yet in the ledger.
    public func applied(to stored: TenantConfig?) -> TenantConfig {
        TenantConfig(
            tenantID: tenantID, name: name, transferEnabled: transferEnabled,
            pointsType: pointsType ?? stored?.pointsType ?? TenantConfig.defaultPointsType,
            exchangeRate: exchangeRate ?? stored?.exchangeRate ?? TenantConfig.defaultExchangeRate,
            currency: currency ?? stored?.currency ?? .cny
        )
    }
}
