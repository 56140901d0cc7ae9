/// An id as the ledger compares it: its UTF-8 bytes, nothing more (SPEC §2 "Ids are opaque").
///
/// Swift's `String` equality, hashing and ordering follow Unicode canonical equivalence, so
/// `"t_café"` (é composed, U+00E9) and `"t_cafe\u{301}"` (e + combining acute) are `==` as
/// Strings, while SQLite stores and compares them as the different byte strings they are. A
/// dictionary keyed by `String` would therefore join two tenants or two users that the database
/// keeps apart. Every in-memory map, set, comparison and sort of tenant ids, user ids and
/// idempotency keys goes through this type (or the static helpers below), so memory and database
/// agree byte for byte; ordering is SQLite's BINARY collation (memcmp of the UTF-8 bytes).
public struct OpaqueID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The id exactly as read; its UTF-8 bytes are its identity.
    public let text: String

    public init(_ text: String) { self.text = text }

    public init(stringLiteral value: String) { text = value }

    public var description: String { text }

    public static func == (lhs: OpaqueID, rhs: OpaqueID) -> Bool { sameBytes(lhs.text, rhs.text) }

    public func hash(into hasher: inout Hasher) { OpaqueID.hashBytes(text, into: &hasher) }

    public static func < (lhs: OpaqueID, rhs: OpaqueID) -> Bool { bytesPrecede(lhs.text, rhs.text) }

    // MARK: Byte-wise helpers for types that keep ids as plain `String` fields

    /// True when both strings have the same UTF-8 bytes (not merely canonically equivalent).
    @inlinable
    public static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8, right = rhs.utf8
        guard left.count == right.count else { return false }
        // Native strings are contiguous UTF-8: compare the buffers without decoding anything.
        if let result = left.withContiguousStorageIfAvailable({ leftBytes in
            right.withContiguousStorageIfAvailable { rightBytes in
                equalBytes(UnsafeRawBufferPointer(leftBytes), UnsafeRawBufferPointer(rightBytes))
            }
        }), let equal = result {
            return equal
        }
        return left.elementsEqual(right)
    }

    /// True when both buffers hold the same bytes; compares eight at a time (the generic
    /// `elementsEqual` stepped an iterator byte by byte, and ids are compared several times per
    /// transfer: account keys, idempotency keys, tenants).
    @inlinable
    public static func equalBytes(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        let count = lhs.count
        guard count == rhs.count else { return false }
        var offset = 0
        while offset + 8 <= count {
            guard lhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == rhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        while offset < count {
            guard lhs[offset] == rhs[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// Feeds the UTF-8 bytes (and their count, so that concatenated fields cannot collide) to `hasher`.
    @inlinable
    public static func hashBytes(_ text: String, into hasher: inout Hasher) {
        let bytes = text.utf8
        hasher.combine(bytes.count)
        if bytes.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            for byte in bytes { hasher.combine(byte) }
        }
    }

    /// Byte order of the UTF-8 encodings: SQLite's BINARY collation, and Unicode code point order.
    @inlinable
    public static func bytesPrecede(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Orders tuples of ids field by field in byte order: the first field that differs decides.
    @inlinable
    public static func bytesPrecede(_ lhs: [String], _ rhs: [String]) -> Bool {
        for (left, right) in zip(lhs, rhs) where !sameBytes(left, right) {
            return bytesPrecede(left, right)
        }
        return lhs.count < rhs.count
    }
}
