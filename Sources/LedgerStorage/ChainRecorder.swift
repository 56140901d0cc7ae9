import LedgerCore

/// The engine's side of the hash chain (SPEC §7): every tenant's head in memory, and which heads
/// the open batch moved, handed to the store with the batch so heads and links commit together.
struct ChainRecorder {
    /// Heads by tenant row id (an integer key: the hot loop hashes no tenant id text), and each
    /// tenant's id text.
    private var headOfTenant: [Int64: ChainHead] = [:]
    private var tenantIDs: [Int64: String] = [:]
    /// Tenants whose head moved since the last `takeMoved`.
    private var moved: Set<Int64> = []
    /// One encoding buffer for every link the run appends; entries, over a million in a bulk
    /// import, go through the buffer that writes them without growing an array.
    private var encoder = ChainLinkEncoder()
    private var entryBuffer = EntryLinkBuffer()

    init() {}

    /// The heads as the store keeps them.
    init(_ stored: [StoredChainHead]) {
        for head in stored {
            headOfTenant[head.tenantRowID] = head.head
            tenantIDs[head.tenantRowID] = head.tenantID
        }
    }

    /// Every tenant's head, by tenant id.
    var heads: ChainHeads {
        var heads = ChainHeads()
        for (tenant, head) in headOfTenant { heads.set(head, tenantID: tenantIDs[tenant] ?? "") }
        return heads
    }

    /// Appends a link to the tenant's chain and returns the new head.
    mutating func append(_ link: ChainLink, tenantID: String, tenantRowID: Int64) -> ChainHead {
        let previous = headOfTenant[tenantRowID]
        if previous == nil { tenantIDs[tenantRowID] = tenantID }
        let position = (previous?.links ?? 0) + 1
        let after = previous?.hash ?? .genesis(tenantID: tenantID)
        let hash: ChainHash
        if case .entry(let entry) = link {
            hash = entryBuffer.hash(entry, tenantID: tenantID, position: position, after: after)
        } else {
            hash = link.hash(tenantID: tenantID, position: position, after: after, using: &encoder)
        }
        let head = ChainHead(links: position, hash: hash)
        headOfTenant[tenantRowID] = head
        moved.insert(tenantRowID)
        return head
    }

    /// The heads that moved since the last call (ascending tenant row id), to write with the batch.
    mutating func takeMoved() -> [StoredChainHead] {
        defer { moved = [] }
        return moved.sorted().compactMap { tenant in
            headOfTenant[tenant].map { StoredChainHead(tenantRowID: tenant, tenantID: tenantIDs[tenant] ?? "", head: $0) }
        }
    }
}
