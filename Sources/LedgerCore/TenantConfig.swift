/// A tenant's configuration as the tenants file and the platform define it (SPEC §2, §3).
public struct TenantConfig: Hashable, Sendable {
    public var tenantID: String
    public var name: String
    /// The platform's TransferEnabled: points transfers are refused when false; wallets are not affected.
    public var transferEnabled: Bool
    /// The asset code of the tenant's points accounts.
    public var pointsType: String
    /// Points per one major unit of `currency` (default 100), used to value points in reports.
    public var exchangeRate: Int64
    /// The default wallet currency for snapshot rows that name none.
    public var currency: Currency

    public static let defaultPointsType = "cash_equivalent"
    public static let defaultExchangeRate: Int64 = 100

    public init(
        tenantID: String, name: String, transferEnabled: Bool,
        pointsType: String = TenantConfig.defaultPointsType,
        exchangeRate: Int64 = TenantConfig.defaultExchangeRate,
        currency: Currency = .cny
    ) {
        precondition(exchangeRate > 0, "exchange rate must be positive")
        self.tenantID = tenantID
        self.name = name
        self.transferEnabled = transferEnabled
        self.pointsType = pointsType
        self.exchangeRate = exchangeRate
        self.currency = currency
    }

    public var pointsAsset: Asset { Asset(pointsType: pointsType) }

    // Ids and the points type compare by bytes (`OpaqueID`), as the database compares them.
    public static func == (lhs: TenantConfig, rhs: TenantConfig) -> Bool {
        OpaqueID.sameBytes(lhs.tenantID, rhs.tenantID) && OpaqueID.sameBytes(lhs.name, rhs.name)
            && lhs.transferEnabled == rhs.transferEnabled && OpaqueID.sameBytes(lhs.pointsType, rhs.pointsType)
            && lhs.exchangeRate == rhs.exchangeRate && lhs.currency == rhs.currency
    }

    public func hash(into hasher: inout Hasher) {
        OpaqueID.hashBytes(tenantID, into: &hasher)
        OpaqueID.hashBytes(pointsType, into: &hasher)
        hasher.combine(exchangeRate)
    }
}
