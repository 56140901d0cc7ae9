/// Every known tenant's configuration, found by the tenant id's bytes (SPEC §2 "Ids are opaque").
///
/// Replaces a `[String: TenantConfig]`, whose `String` keys would find tenant `t_café` (composed)
/// when asked for `t_cafe`+U+0301: two tenants the database keeps apart. Looked up with the
/// same subscript syntax as the dictionary it replaces.
public struct TenantDirectory: Sendable, ExpressibleByDictionaryLiteral {
    private var byID: [OpaqueID: TenantConfig] = [:]

    public init() {}

    public init(_ tenants: some Sequence<TenantConfig>) {
        for tenant in tenants { byID[OpaqueID(tenant.tenantID)] = tenant }
    }

    /// For tests: `["t1": config]`; the key must be the config's own id.
    public init(dictionaryLiteral elements: (String, TenantConfig)...) {
        for (id, tenant) in elements {
            precondition(OpaqueID.sameBytes(id, tenant.tenantID), "a tenant is filed under its own id")
            byID[OpaqueID(id)] = tenant
        }
    }

    /// The tenant whose id has exactly these bytes.
    public subscript(_ tenantID: String) -> TenantConfig? {
        get { byID[OpaqueID(tenantID)] }
        set { byID[OpaqueID(tenantID)] = newValue }
    }

    public var count: Int { byID.count }
    public var isEmpty: Bool { byID.isEmpty }

    /// Every tenant, in byte order of their ids (the order SQLite sorts them in).
    public var all: [TenantConfig] {
        byID.sorted { $0.key < $1.key }.map(\.value)
    }
}

extension TenantDirectory: Equatable {
    public static func == (lhs: TenantDirectory, rhs: TenantDirectory) -> Bool { lhs.byID == rhs.byID }
}
