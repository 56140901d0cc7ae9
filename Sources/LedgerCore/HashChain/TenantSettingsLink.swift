/// A tenant's configuration as one change set it (a chain link): the settings after the change.
/// Written when a tenant is created and whenever a re-loaded tenants file changes a setting.
public struct TenantSettingsLink: Hashable, Sendable {
    public var name: String
    public var transferEnabled: Bool
    public var pointsType: String
    public var exchangeRate: Int64
    /// The currency code as stored.
    public var currency: String
    /// Milliseconds since the epoch (UTC) when the change was written.
    public var changedAt: Int64

    public init(name: String, transferEnabled: Bool, pointsType: String, exchangeRate: Int64, currency: String, changedAt: Int64) {
        self.name = name
        self.transferEnabled = transferEnabled
        self.pointsType = pointsType
        self.exchangeRate = exchangeRate
        self.currency = currency
        self.changedAt = changedAt
    }

    public init(_ config: TenantConfig, changedAt: Int64) {
        self.init(name: config.name, transferEnabled: config.transferEnabled, pointsType: config.pointsType,
                  exchangeRate: config.exchangeRate, currency: config.currency.code, changedAt: changedAt)
    }

    /// The first setting in which `stored` (a tenants row) differs from this link, with both values.
    public func difference(from stored: TenantSettingsLink) -> (field: String, chain: String, stored: String)? {
        let fields: [(String, String, String)] = [
            ("name", name, stored.name),
            ("transfer_enabled", String(transferEnabled), String(stored.transferEnabled)),
            ("points_type", pointsType, stored.pointsType),
            ("exchange_rate", String(exchangeRate), String(stored.exchangeRate)),
            ("currency", currency, stored.currency),
        ]
        return fields.first { !OpaqueID.sameBytes($0.1, $0.2) }
    }

    func encode(into encoder: inout ChainLinkEncoder) {
        encoder.append(name)
        encoder.append(transferEnabled)
        encoder.append(pointsType)
        encoder.append(exchangeRate)
        encoder.append(currency)
        encoder.append(changedAt)
    }
}
