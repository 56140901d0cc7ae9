import Foundation
import GRDB
package import LedgerCore
package import LedgerStorage

/// The hash chain's rows (SPEC §7): heads, tenant changes, and the heads each run recorded.
extension SQLiteWriteStore {
    package func loadChainHeads() throws -> [StoredChainHead] {
        try withDatabase { db in try ChainHeadRows.read(db) }
    }

    /// Inside a deferred batch, held for its commit (`inDeferredBatchTransaction`).
    package func writeChainHeads(_ heads: [StoredChainHead]) throws {
        if deferringBody {
            heldWrites.chainHeads.append(heads)
            return
        }
        try withDatabase { db in try SQLiteWriteStore.writeChainHeads(heads, statements: try preparedStatements(db)) }
    }

    static func writeChainHeads(_ heads: [StoredChainHead], statements: WriterStatements) throws {
        let upsert = statements.upsertChainHead
        for stored in heads {
            upsert.bind(1, stored.tenantRowID)
            upsert.bind(2, stored.head.links)
            upsert.bind(3, blob: stored.head.hash.bytes)
            try upsert.execute()
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
