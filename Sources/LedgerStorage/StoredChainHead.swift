package import LedgerCore

/// A tenant's hash-chain head as the store keeps it (SPEC §7), with the tenant's row id and id.
package struct StoredChainHead: Sendable {
    package var tenantRowID: Int64
    package var tenantID: String
    package var head: ChainHead

    package init(tenantRowID: Int64, tenantID: String, head: ChainHead) {
        self.tenantRowID = tenantRowID
        self.tenantID = tenantID
        self.head = head
    }
}

/// A tenant's settings as created or changed, with their hash-chain link (`tenant_changes`).
package struct TenantChangeRecord: Sendable {
    package var tenantRowID: Int64
    package var link: TenantSettingsLink
    /// The link's position and hash in the tenant's chain.
    package var head: ChainHead

    package init(tenantRowID: Int64, link: TenantSettingsLink, head: ChainHead) {
        self.tenantRowID = tenantRowID
        self.link = link
        self.head = head
    }
}
