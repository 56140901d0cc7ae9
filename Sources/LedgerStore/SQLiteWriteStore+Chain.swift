import Foundation
import GRDB
package import LedgerCore
package import LedgerStorage

/// The hash chain's rows (SPEC §7): heads, tenant changes, and the heads each run recorded.
extension SQLiteWriteStore {
    package func loadChainHeads() throws -> [StoredChainHead] {
        try withDatabase { db in try ChainHeadRows.read(db) }
    }

    package func writeChainHeads(_ heads: [StoredChainHead]) throws {
        try withDatabase { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO chain_heads (tenant, links, hash) VALUES (?, ?, ?)
                ON CONFLICT (tenant) DO UPDATE SET links = excluded.links, hash = excluded.hash
                """)
            for stored in heads {
                try statement.execute(arguments: [stored.tenantRowID, stored.head.links, Data(stored.head.hash.bytes)])
            }
        }
    }

    package func recordTenantChange(_ change: TenantChangeRecord) throws {
        try withDatabase { db in
            let link = change.link
            try db.execute(sql: """
                INSERT INTO tenant_changes (tenant, chain_link, name, transfer_enabled, points_type, exchange_rate, currency, changed_at,
                                            chain_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [change.tenantRowID, change.head.links, link.name, link.transferEnabled, link.pointsType,
                                 link.exchangeRate, link.currency, link.changedAt, Data(change.head.hash.bytes)])
        }
    }

    package func recordRunChainHeads(runID: String, _ heads: ChainHeads, atStart: Bool) throws {
        try withDatabase { db in try RunChainHeads.record(heads, atStart ? .before : .after, runID: runID, in: db) }
    }
}
