package import LedgerCore

/// A tenant as the store holds it: its settings and its row id (`tenants.id`).
package struct StoredTenant: Sendable {
    package var rowID: Int64
    package var config: TenantConfig

    package init(rowID: Int64, config: TenantConfig) {
        self.rowID = rowID
        self.config = config
    }
}
