/// Hashes entry links through one reused buffer, with no allocation per link: `verify`'s chain
/// check from the stored bytes (`StoredEntryLink`), and the writer from the link it appends
/// (`EntryLink`, through `ChainRecorder`) -- over a million links each in a 1M ledger.
///
/// It writes exactly the bytes `ChainLink.entry(link).encoded(tenantID:position:)` writes for the
/// same link (`ChainLinkEncoder`'s rules: fixed-width big-endian integers, texts and byte strings
/// prefixed with their 32-bit count, optionals with a presence byte); `ChainLinkTests` holds the
/// three to the same golden hash. The field order is written once, in `hash(_:tenantID:…)`
/// below, for both kinds of entry.
public struct EntryLinkBuffer {
    private var storage: [UInt8] = []

    public init() {}

    /// The canonical bytes of an account identity as a link names it (kind, asset, user id), to
    /// encode once per account and pass to `hash` for every entry on it.
    public static func encoded(_ identity: ChainAccountIdentity) -> [UInt8] {
        var encoder = ChainLinkEncoder()
        identity.encode(into: &encoder)
        return encoder.bytes
    }

    /// The hash of `entry` as link `position` of the chain of the tenant whose id's UTF-8 bytes are
    /// `tenantID`, following `previous`.
    /// - Parameters:
    ///   - debit: the debit account's identity as `encoded(_:)` gives it; `credit` likewise.
    public mutating func hash(_ entry: StoredEntryLink, tenantID: UnsafeRawBufferPointer, position: Int64,
                              debit: UnsafeRawBufferPointer, credit: UnsafeRawBufferPointer, after previous: ChainHash) -> ChainHash {
        hash(entry, tenantID: tenantID, position: position, debit: EncodedIdentity(bytes: debit),
             credit: EncodedIdentity(bytes: credit), after: previous)
    }

    /// The hash of `link` as link `position` of `tenantID`'s chain, following `previous`: the
    /// writer's per-entry path. The general encoder grew an array field by field, which cost
    /// about twice the SHA-256 itself in the 1M run.
    public mutating func hash(_ link: EntryLink, tenantID: String, position: Int64, after previous: ChainHash) -> ChainHash {
        hash(link, tenantID: tenantID, position: position, debit: link.debit, credit: link.credit, after: previous)
    }

    /// Both paths: the link's canonical bytes after the previous hash, in one buffer hashed in
    /// one update.
    private mutating func hash<Entry: EntryLinkFields, Tenant: LinkBytes, Identity: LinkIdentity>(
        _ entry: Entry, tenantID: Tenant, position: Int64, debit: Identity, credit: Identity, after previous: ChainHash
    ) -> ChainHash {
        func text(_ bytes: some LinkBytes) -> Int { 4 + bytes.linkByteCount }
        func optional(_ bytes: (some LinkBytes)?) -> Int { 1 + (bytes.map(text) ?? 0) }
        let count = 2 + 8 + text(tenantID) + text(entry.entryType) + text(entry.transferID) + optional(entry.debitRecordID)
            + optional(entry.creditRecordID) + debit.linkByteCount + credit.linkByteCount + 6 * 8 + optional(entry.idempotencyKey)
            + optional(entry.fingerprint) + text(entry.description) + text(entry.reason) + text(entry.source)
            + text(entry.referenceID) + text(entry.sourceFile)
        if storage.count < 32 + count { storage = [UInt8](repeating: 0, count: Swift.max(32 + count, 2 * storage.count, 512)) }
        return storage.withUnsafeMutableBytes { buffer in
            var writer = Writer(at: buffer.baseAddress!)
            previous.withUnsafeBytes { writer.raw($0) }
            writer.byte(ChainLink.formatVersion)
            writer.byte(3)
            writer.integer(position)
            writer.text(tenantID)
            writer.text(entry.entryType)
            writer.text(entry.transferID)
            writer.optional(entry.debitRecordID)
            writer.optional(entry.creditRecordID)
            debit.write(into: &writer)
            credit.write(into: &writer)
            // Field by field, not through an array literal: this runs once per entry.
            writer.integer(entry.amount)
            writer.integer(entry.debitSequence)
            writer.integer(entry.debitBalanceAfter)
            writer.integer(entry.creditSequence)
            writer.integer(entry.creditBalanceAfter)
            writer.integer(entry.createdAt)
            writer.optional(entry.idempotencyKey)
            writer.optional(entry.fingerprint)
            writer.text(entry.description)
            writer.text(entry.reason)
            writer.text(entry.source)
            writer.text(entry.referenceID)
            writer.text(entry.sourceFile)
            precondition(writer.at == buffer.baseAddress! + 32 + count, "an entry link's size was counted wrong")
            return ChainHash.of(UnsafeRawBufferPointer(start: buffer.baseAddress, count: 32 + count))
        }
    }

    /// Writes forward from a pointer into a buffer already large enough.
    struct Writer {
        var at: UnsafeMutableRawPointer

        mutating func byte(_ value: UInt8) {
            at.storeBytes(of: value, as: UInt8.self)
            at += 1
        }

        mutating func integer(_ value: Int64) {
            at.storeBytes(of: UInt64(bitPattern: value).bigEndian, as: UInt64.self)
            at += 8
        }

        mutating func raw(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            // Fields are short (ids, keys, identities): word copies beat a call to memmove each.
            var offset = 0
            while offset + 8 <= bytes.count {
                (at + offset).storeBytes(of: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self), as: UInt64.self)
                offset += 8
            }
            while offset < bytes.count {
                (at + offset).storeBytes(of: base.load(fromByteOffset: offset, as: UInt8.self), as: UInt8.self)
                offset += 1
            }
            at += bytes.count
        }

        /// A text or byte string: its 32-bit count, then its bytes.
        mutating func text(_ value: some LinkBytes) {
            precondition(value.linkByteCount <= Int(UInt32.max), "a chain link field is at most 4 GiB")
            at.storeBytes(of: UInt32(value.linkByteCount).bigEndian, as: UInt32.self)
            at += 4
            value.withLinkBytes { raw($0) }
        }

        mutating func optional(_ value: (some LinkBytes)?) {
            byte(value == nil ? 0 : 1)
            if let value { text(value) }
        }
    }
}

/// A text or byte string as a link holds it: stored bytes, a `String`'s UTF-8, or an array.
protocol LinkBytes {
    var linkByteCount: Int { get }
    func withLinkBytes(_ body: (UnsafeRawBufferPointer) -> Void)
}

extension UnsafeRawBufferPointer: LinkBytes {
    var linkByteCount: Int { count }
    func withLinkBytes(_ body: (UnsafeRawBufferPointer) -> Void) { body(self) }
}

extension String: LinkBytes {
    var linkByteCount: Int { utf8.count }

    func withLinkBytes(_ body: (UnsafeRawBufferPointer) -> Void) {
        // Native strings are contiguous UTF-8: no copy to reach them.
        var text = self
        text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

extension Array: LinkBytes where Element == UInt8 {
    var linkByteCount: Int { count }
    func withLinkBytes(_ body: (UnsafeRawBufferPointer) -> Void) { withUnsafeBytes(body) }
}

/// An entry's fields as `EntryLinkBuffer` writes them; `EntryLink` and `StoredEntryLink` have them
/// under the same names.
protocol EntryLinkFields {
    associatedtype Text: LinkBytes
    associatedtype Bytes: LinkBytes
    var entryType: Text { get }
    var transferID: Text { get }
    var debitRecordID: Text? { get }
    var creditRecordID: Text? { get }
    var amount: Int64 { get }
    var debitSequence: Int64 { get }
    var debitBalanceAfter: Int64 { get }
    var creditSequence: Int64 { get }
    var creditBalanceAfter: Int64 { get }
    var createdAt: Int64 { get }
    var idempotencyKey: Text? { get }
    var fingerprint: Bytes? { get }
    var description: Text { get }
    var reason: Text { get }
    var source: Text { get }
    var referenceID: Text { get }
    var sourceFile: Text { get }
}

extension EntryLink: EntryLinkFields {}
extension StoredEntryLink: EntryLinkFields {}

/// An account identity in a link: kind, asset and user id as three texts.
protocol LinkIdentity {
    var linkByteCount: Int { get }
    func write(into writer: inout EntryLinkBuffer.Writer)
}

extension ChainAccountIdentity: LinkIdentity {
    var linkByteCount: Int { 12 + kind.utf8.count + asset.utf8.count + userID.utf8.count }

    func write(into writer: inout EntryLinkBuffer.Writer) {
        writer.text(kind)
        writer.text(asset)
        writer.text(userID)
    }
}

/// An identity already encoded (`EntryLinkBuffer.encoded`): the verifier encodes each account's once.
struct EncodedIdentity: LinkIdentity {
    var bytes: UnsafeRawBufferPointer
    var linkByteCount: Int { bytes.count }
    func write(into writer: inout EntryLinkBuffer.Writer) { writer.raw(bytes) }
}
