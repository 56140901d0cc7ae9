import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// The writer's side of the hash chain (SPEC §7): every tenant's head in memory, the links the
/// open batch appended, and `chain_heads`, written with the batch so head and links commit together.
struct ChainRecorder {
    /// Heads by `tenants.id` (an integer key: the hot loop hashes no tenant id text), and each
    /// tenant's id text.
    private var headOfTenant: [Int64: ChainHead] = [:]
    private var tenantIDs: [Int64: String] = [:]
    /// Tenants whose head moved since the last write.
    private var moved: Set<Int64> = []

    init() {}

    /// The heads as `chain_heads` stores them.
    init(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT h.tenant, t.tenant_id, h.links, h.hash FROM chain_heads h JOIN tenants t ON t.id = h.tenant") {
            guard let hash = ChainHash(bytes: [UInt8]((row[3] as Data?) ?? Data())) else { continue }
            headOfTenant[row[0]] = ChainHead(links: row[2], hash: hash)
            tenantIDs[row[0]] = row[1]
        }
    }

    /// Every tenant's head, by tenant id.
    var heads: ChainHeads {
        var heads = ChainHeads()
        for (tenant, head) in headOfTenant { heads.set(head, tenantID: tenantIDs[tenant] ?? "") }
        return heads
    }

    /// Every tenant's stored head, by tenant id (a tenant without links has none).
    static func storedHeads(_ db: Database) throws -> ChainHeads {
        try ChainRecorder(db).heads
    }

    /// Appends a link to the tenant's chain; the new head is written by `writeHeads`.
    mutating func append(_ link: ChainLink, tenantID: String, tenantRowID: Int64) -> ChainHead {
        let previous = headOfTenant[tenantRowID]
        if previous == nil { tenantIDs[tenantRowID] = tenantID }
        let position = (previous?.links ?? 0) + 1
        let hash = link.hash(tenantID: tenantID, position: position, after: previous?.hash ?? .genesis(tenantID: tenantID))
        let head = ChainHead(links: position, hash: hash)
        headOfTenant[tenantRowID] = head
        moved.insert(tenantRowID)
        return head
    }

    /// Writes the heads that moved (inside the batch's transaction).
    mutating func writeHeads(_ db: Database) throws {
        guard !moved.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO chain_heads (tenant, links, hash) VALUES (?, ?, ?)
            ON CONFLICT (tenant) DO UPDATE SET links = excluded.links, hash = excluded.hash
            """)
        for tenantRowID in moved.sorted() {
            guard let head = headOfTenant[tenantRowID] else { continue }
            try statement.execute(arguments: [tenantRowID, head.links, Data(head.hash.bytes)])
        }
        moved = []
    }
}
