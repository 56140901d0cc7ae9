import Crypto

/// Derives idempotency keys for rows that carry none (SPEC §2 "Idempotency").
///
/// The key is a digest of the row's content (requested_at included) and its occurrence number
/// among identical rows of the same file: importing a file again derives the same keys, so nothing
/// applies twice, while two identical rows in one file get different keys and both apply.
/// One counter per input file. It remembers one 16-byte digest per distinct keyless row.
public struct DerivedKeyCounter: Sendable {
    /// The first 128 bits of a content digest, as a compact dictionary key.
    private struct ContentDigest: Hashable, Sendable {
        let high: UInt64
        let low: UInt64
    }

    private var occurrences: [ContentDigest: UInt32] = [:]

    public init() {}

    /// Prefix of derived keys, so results.csv shows at a glance which keys were made up.
    public static let prefix = "auto-"

    /// The key for the next row with this content. `content` is the row's normalized fields.
    public mutating func nextKey(content: [String]) -> String {
        let digest = Array(SHA256.hash(data: LengthPrefixed.bytes(content)))
        let contentDigest = digest.withUnsafeBytes {
            ContentDigest(high: $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                          low: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        let occurrence = (occurrences[contentDigest] ?? 0) + 1
        occurrences[contentDigest] = occurrence
        let keyDigest = SHA256.hash(data: digest + LengthPrefixed.bytes([String(occurrence)]))
        return DerivedKeyCounter.prefix + hex(keyDigest.prefix(16))
    }
}

/// Lower-case hexadecimal of bytes.
public func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
