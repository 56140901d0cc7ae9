public import LedgerCore

/// Why a tenants, accounts or expected-balances row cannot be loaded: an `inputs_valid` break
/// naming file, line and field (SPEC §3).
public struct InputProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var origin: RowOrigin
    /// The column at fault, when one is.
    public var field: String?
    public var message: String

    public init(_ origin: RowOrigin, field: String? = nil, _ message: String) {
        self.origin = origin
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(origin): " + (field.map { "\($0): " } ?? "") + message
    }
}

/// Small, strict readers of configuration values shared by the row interpreters.
enum FieldValue {
    /// true/false, 1/0, yes/no, case-insensitive.
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }

    /// A non-negative amount of `asset`, empty meaning `defaultValue` (nil: required).
    static func amount(_ text: String?, asset: Asset, field: String, origin: RowOrigin, defaultValue: Int64? = nil) throws(InputProblem) -> Int64 {
        let text = text ?? ""
        if text.isEmpty {
            guard let defaultValue else { throw InputProblem(origin, field: field, "missing required value") }
            return defaultValue
        }
        do {
            return try MoneyText.parse(text, exponent: asset.exponent)
        } catch {
            throw InputProblem(origin, field: field, error.description)
        }
    }

    static func status(_ text: String?, origin: RowOrigin) throws(InputProblem) -> AccountStatus {
        let text = text ?? ""
        if text.isEmpty { return .active }
        guard let status = AccountStatus(rawValue: text.lowercased()) else {
            throw InputProblem(origin, field: "status", "unknown status '\(text)' (expected active, frozen or closed)")
        }
        return status
    }

    /// The asset of a row: a wallet's currency (the tenant's default when empty) or the tenant's points type.
    static func asset(kind kindText: String, currency: String?, tenant: TenantConfig, origin: RowOrigin) throws(InputProblem) -> Asset {
        guard let kind = AccountKind(text: kindText) else {
            throw InputProblem(origin, field: "kind", "unknown kind '\(kindText)' (expected wallet or points)")
        }
        let code = currency ?? ""
        switch kind {
        case .wallet:
            if code.isEmpty { return Asset(currency: tenant.currency) }
            guard let currency = Currency(code: code) else {
                throw InputProblem(origin, field: "currency", "unknown currency '\(code)' (known: \(Currency.knownCodes))")
            }
            return Asset(currency: currency)
        case .points:
            guard code.isEmpty else { throw InputProblem(origin, field: "currency", "points accounts take no currency, got '\(code)'") }
            return tenant.pointsAsset
        }
    }

    /// The asset of a row naming one account (accounts and expected-balances files), after the
    /// checks both files share: the record itself, a known tenant, a user id, kind and currency.
    static func accountAsset(
        tenantID: String, userID: String, kind: String, currency: String?, recordProblem: String?,
        tenants: TenantDirectory, origin: RowOrigin
    ) throws(InputProblem) -> Asset {
        if let recordProblem { throw InputProblem(origin, recordProblem) }
        let tenant = try tenant(tenantID, in: tenants, origin: origin)
        guard !userID.isEmpty else { throw InputProblem(origin, field: "user_id", "missing required value") }
        return try asset(kind: kind, currency: currency, tenant: tenant, origin: origin)
    }

    static func tenant(_ id: String, in tenants: TenantDirectory, origin: RowOrigin) throws(InputProblem) -> TenantConfig {
        guard !id.isEmpty else { throw InputProblem(origin, field: "tenant_id", "missing required value") }
        guard let tenant = tenants[id] else { throw InputProblem(origin, field: "tenant_id", "unknown tenant '\(id)'") }
        return tenant
    }
}
