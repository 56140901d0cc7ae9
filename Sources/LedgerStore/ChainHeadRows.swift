import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// `chain_heads`: every tenant's hash-chain head as stored (SPEC §7).
enum ChainHeadRows {
    /// Every stored head, with its tenant's row id and id.
    static func read(_ db: Database) throws -> [StoredChainHead] {
        try Row.fetchAll(db, sql: "SELECT h.tenant, t.tenant_id, h.links, h.hash FROM chain_heads h JOIN tenants t ON t.id = h.tenant")
            .compactMap { row in
                guard let hash = ChainHash(bytes: [UInt8]((row[3] as Data?) ?? Data())) else { return nil }
                return StoredChainHead(tenantRowID: row[0], tenantID: row[1], head: ChainHead(links: row[2], hash: hash))
            }
    }

    /// Every tenant's stored head, by tenant id (a tenant without links has none).
    static func storedHeads(_ db: Database) throws -> ChainHeads {
        var heads = ChainHeads()
        for stored in try read(db) { heads.set(stored.head, tenantID: stored.tenantID) }
        return heads
    }
}
