/// Hashes entry links from their stored bytes (`StoredEntryLink`) through one reused buffer: the
/// per-entry path of `verify`'s chain check, which makes no allocation per link.
///
/// It writes exactly the bytes `ChainLink.entry(link).encoded(tenantID:position:)` writes for the
/// same link (`ChainLinkEncoder`'s rules: fixed-width big-endian integers, texts and byte strings
/// prefixed with their 32-bit count, optionals with a presence byte); `ChainLinkTests` holds the
/// two to the same golden hash.
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
        func text(_ bytes: UnsafeRawBufferPointer) -> Int { 4 + bytes.count }
        func optional(_ bytes: UnsafeRawBufferPointer?) -> Int { 1 + (bytes.map(text) ?? 0) }
        let count = 2 + 8 + text(tenantID) + text(entry.entryType) + text(entry.transferID) + optional(entry.debitRecordID)
            + optional(entry.creditRecordID) + debit.count + credit.count + 6 * 8 + optional(entry.idempotencyKey)
            + optional(entry.fingerprint) + text(entry.description) + text(entry.reason) + text(entry.source)
            + text(entry.referenceID) + text(entry.sourceFile)
        // The previous hash goes first, so SHA-256 is fed one buffer (one update, not two).
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
            writer.raw(debit)
            writer.raw(credit)
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
            return ChainHash.of(UnsafeRawBufferPointer(start: buffer.baseAddress, count: 32 + count))
        }
    }

    /// Writes forward from a pointer into a buffer already large enough.
    private struct Writer {
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

        mutating func text(_ bytes: UnsafeRawBufferPointer) {
            precondition(bytes.count <= Int(UInt32.max), "a chain link field is at most 4 GiB")
            at.storeBytes(of: UInt32(bytes.count).bigEndian, as: UInt32.self)
            at += 4
            raw(bytes)
        }

        mutating func optional(_ bytes: UnsafeRawBufferPointer?) {
            byte(bytes == nil ? 0 : 1)
            if let bytes { text(bytes) }
        }
    }
}
