import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// The writer's side of the hash chain (SPEC §7): every tenant's head in memory, the links the
/// open batch appended, and `chain_heads`, written with the batch so head and links commit together.
struct ChainRecorder {
    private(set) var heads = ChainHeads()
    /// Tenants (by `tenants.id`) whose head moved since the last write.
    private var moved: [Int64: String] = [:]

    init() {}

    /// The heads as `chain_heads` stores them.
    init(_ db: Database) throws {
        heads = try ChainRecorder.storedHeads(db)
    }

    /// Every tenant's stored head, by tenant id (a tenant without links has none).
    static func storedHeads(_ db: Database) throws -> ChainHeads {
        var heads = ChainHeads()
        for row in try Row.fetchAll(db, sql: "SELECT t.tenant_id, h.links, h.hash FROM chain_heads h JOIN tenants t ON t.id = h.tenant") {
            if let hash = ChainHash(bytes: [UInt8]((row[2] as Data?) ?? Data())) {
                heads.set(ChainHead(links: row[1], hash: hash), tenantID: row[0])
            }
        }
        return heads
    }

    /// Appends a link to the tenant's chain; the new head is written by `writeHeads`.
    mutating func append(_ link: ChainLink, tenantID: String, tenantRowID: Int64) -> ChainHead {
        moved[tenantRowID] = tenantID
        return heads.append(link, tenantID: tenantID)
    }

    /// Writes the heads that moved (inside the batch's transaction).
    mutating func writeHeads(_ db: Database) throws {
        guard !moved.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO chain_heads (tenant, links, hash) VALUES (?, ?, ?)
            ON CONFLICT (tenant) DO UPDATE SET links = excluded.links, hash = excluded.hash
            """)
        for (tenantRowID, tenantID) in moved.sorted(by: { $0.key < $1.key }) {
            guard let head = heads[tenantID] else { continue }
            try statement.execute(arguments: [tenantRowID, head.links, Data(head.hash.bytes)])
        }
        moved = [:]
    }
}
