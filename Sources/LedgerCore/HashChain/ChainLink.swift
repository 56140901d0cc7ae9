/// One change of a tenant's ledger state, as a link of the tenant's hash chain (SPEC §7).
///
/// Every change of state is a link: a tenant configuration change, an account opening with the
/// state it was opened with, and every journal entry (a transfer or an opening balance). The
/// links of a tenant are numbered from 1 in the order they were written; the number is part of
/// what is hashed, so a link cannot be moved without its hash failing.
///
/// Backend-agnostic: a link holds texts and integers exactly as the ledger shows them (ids as the
/// queries derive them, users by their id text, never by row ids), so every storage backend
/// computes the same chain for the same ledger.
public enum ChainLink: Hashable, Sendable {
    case tenantSettings(TenantSettingsLink)
    case accountOpening(AccountOpeningLink)
    case entry(EntryLink)

    /// The encoding's version, the first byte of every link.
    public static let formatVersion: UInt8 = 1

    /// The canonical bytes of this link as link number `position` of `tenantID`'s chain.
    public func encoded(tenantID: String, position: Int64) -> [UInt8] {
        var encoder = ChainLink.header(tag: tag, tenantID: tenantID, position: position)
        switch self {
        case .tenantSettings(let link): link.encode(into: &encoder)
        case .accountOpening(let link): link.encode(into: &encoder)
        case .entry(let link): link.encode(into: &encoder)
        }
        return encoder.bytes
    }

    /// The bytes every link starts with: format version, kind of link, position, tenant id.
    static func header(tag: UInt8, tenantID: String, position: Int64) -> ChainLinkEncoder {
        var encoder = ChainLinkEncoder()
        encoder.append(tag: ChainLink.formatVersion)
        encoder.append(tag: tag)
        encoder.append(position)
        encoder.append(tenantID)
        return encoder
    }

    /// The hash of this link as link `position` of `tenantID`'s chain, after `previous`.
    public func hash(tenantID: String, position: Int64, after previous: ChainHash) -> ChainHash {
        previous.next(encoded(tenantID: tenantID, position: position))
    }

    /// The same hash, encoded in `encoder`'s buffer (emptied first): the writer's per-link path
    /// (`ChainRecorder`), one buffer for the run instead of one array per link.
    public func hash(tenantID: String, position: Int64, after previous: ChainHash, using encoder: inout ChainLinkEncoder) -> ChainHash {
        encoder.removeAll()
        encoder.append(tag: ChainLink.formatVersion)
        encoder.append(tag: tag)
        encoder.append(position)
        encoder.append(tenantID)
        switch self {
        case .tenantSettings(let link): link.encode(into: &encoder)
        case .accountOpening(let link): link.encode(into: &encoder)
        case .entry(let link): link.encode(into: &encoder)
        }
        return encoder.bytes.withUnsafeBytes { previous.next($0) }
    }

    /// The kind of link, the second byte of every link.
    private var tag: UInt8 {
        switch self {
        case .tenantSettings: 1
        case .accountOpening: 2
        case .entry: 3
        }
    }
}
