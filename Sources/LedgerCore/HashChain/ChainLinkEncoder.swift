/// The canonical byte encoding of one chain link (SPEC §7 "Tamper evidence").
///
/// Unambiguous by construction: integers are fixed-width big-endian, every text and byte string
/// is prefixed with its byte count, an optional value with a presence byte. So two different
/// field lists can never encode to the same bytes, whatever the texts contain (a `|` or a NUL in a
/// description cannot shift a field boundary). Texts are encoded as their UTF-8 bytes, unchanged:
/// ids are opaque (SPEC §2), so `josé` composed and decomposed are different links.
///
/// Every backend must produce exactly these bytes for the same link: `ChainLinkTests` pins a
/// golden hash so the encoding cannot drift silently.
public struct ChainLinkEncoder: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {
        bytes.reserveCapacity(256)
    }

    /// Empties the encoder for the next link, keeping its buffer (one per writer, not per link).
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func append(_ value: Int64) {
        withUnsafeBytes(of: UInt64(bitPattern: value).bigEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func append(_ flag: Bool) {
        bytes.append(flag ? 1 : 0)
    }

    public mutating func append(tag: UInt8) {
        bytes.append(tag)
    }

    /// A text as its UTF-8 bytes, prefixed with their count (32 bits: a record is at most 1 MiB).
    public mutating func append(_ text: String) {
        // Native strings are contiguous UTF-8: one copy, no decoding.
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ append(bytes: $0) }) { return done }
        append(bytes: Array(text.utf8))
    }

    public mutating func append(bytes value: some Collection<UInt8>) {
        precondition(value.count <= Int(UInt32.max), "a chain link field is at most 4 GiB")
        appendCount(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// Absent (0) or present (1) followed by the text.
    public mutating func append(optional text: String?) {
        append(text != nil)
        if let text { append(text) }
    }

    /// Absent (0) or present (1) followed by the bytes.
    public mutating func append(optionalBytes value: [UInt8]?) {
        append(value != nil)
        if let value { append(bytes: value) }
    }

    private mutating func appendCount(_ count: UInt32) {
        withUnsafeBytes(of: count.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
