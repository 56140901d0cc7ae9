import GRDB
import LedgerCore
import LedgerStorage

extension TenantConfig {
    /// Every tenant in the ledger, by id (its bytes: `TenantDirectory`).
    static func fetchAll(_ db: Database) throws -> TenantDirectory {
        var tenants = TenantDirectory()
        for row in try Row.fetchAll(db, sql: "SELECT * FROM tenants") {
            guard let currency = Currency(code: row["currency"]) else { continue }
            tenants[row["tenant_id"]] = TenantConfig(
                tenantID: row["tenant_id"], name: row["name"], transferEnabled: row["transfer_enabled"],
                pointsType: row["points_type"], exchangeRate: row["exchange_rate"], currency: currency
            )
        }
        return tenants
    }
}
