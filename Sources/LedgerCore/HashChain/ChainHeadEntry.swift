/// One tenant's chain head as summary.json and the runs table write it: a list of these, not a
/// JSON object keyed by tenant id, so two ids that differ only in their bytes' Unicode form stay
/// two entries (SPEC §2 "Ids are opaque").
public struct ChainHeadEntry: Codable, Hashable, Sendable {
    public var tenantID: String
    public var links: Int64
    /// Lower-case hex SHA-256 of the tenant's last link.
    public var hash: String

    public init(tenantID: String, head: ChainHead) {
        self.tenantID = tenantID
        links = head.links
        hash = head.hash.hex
    }

    public var head: ChainHead? {
        ChainHash(hex: hash).map { ChainHead(links: links, hash: $0) }
    }

    enum CodingKeys: String, CodingKey {
        case links, hash
        case tenantID = "tenant_id"
    }
}

extension ChainHeads {
    /// Every head as an entry, tenants in byte order.
    public var entries: [ChainHeadEntry] {
        sorted.map { ChainHeadEntry(tenantID: $0.tenantID, head: $0.head) }
    }
}
