/// Where a tenant's chain ends: how many links it has and the last one's hash. A head vouches
/// for the whole chain before it: recorded elsewhere (a night's log, summary.json, manifest.json),
/// it lets anyone check later that the ledger still passes through it (SPEC §7).
public struct ChainHead: Hashable, Sendable, CustomStringConvertible {
    /// Links in the chain (the head is link number `links`).
    public var links: Int64
    public var hash: ChainHash

    public init(links: Int64, hash: ChainHash) {
        self.links = links
        self.hash = hash
    }

    /// `12 links, sha256 3f2a…`.
    public var description: String { "\(links) link\(links == 1 ? "" : "s"), sha256 \(hash.hex)" }
}

/// Every tenant's chain head, keyed by the tenant id's bytes; the writer appends links through it.
public struct ChainHeads: Sendable, Equatable {
    private var heads: [OpaqueID: ChainHead] = [:]

    public init() {}

    public init(_ heads: [OpaqueID: ChainHead]) {
        self.heads = heads
    }

    public subscript(tenantID: String) -> ChainHead? {
        heads[OpaqueID(tenantID)]
    }

    /// Tenants in byte order of their ids.
    public var sorted: [(tenantID: String, head: ChainHead)] {
        heads.sorted { $0.key < $1.key }.map { ($0.key.text, $0.value) }
    }

    public var isEmpty: Bool { heads.isEmpty }

    /// Appends `link` to `tenantID`'s chain and returns the new head (its position and hash).
    @discardableResult
    public mutating func append(_ link: ChainLink, tenantID: String) -> ChainHead {
        let key = OpaqueID(tenantID)
        let previous = heads[key]
        let position = (previous?.links ?? 0) + 1
        let hash = link.hash(tenantID: tenantID, position: position, after: previous?.hash ?? .genesis(tenantID: tenantID))
        let head = ChainHead(links: position, hash: hash)
        heads[key] = head
        return head
    }

    public mutating func set(_ head: ChainHead, tenantID: String) {
        heads[OpaqueID(tenantID)] = head
    }
}
