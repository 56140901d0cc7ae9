import Crypto

/// A SHA-256 value of the hash chain (SPEC §7): a link's hash, or a tenant's genesis value.
///
/// A link's hash is SHA-256(previous hash ‖ the link's canonical bytes), where the previous hash
/// of a tenant's first link is the tenant's genesis value: so each hash vouches for its link and,
/// through the one before it, for the whole chain up to it.
///
/// Held inline (32 bytes, no array): `verify` computes one per link, over a million per ledger.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes in order (SHA-256's output), as four words of memory.
    private struct Words: Hashable, Sendable {
        var first: UInt64 = 0, second: UInt64 = 0, third: UInt64 = 0, fourth: UInt64 = 0
    }

    private var words = Words()

    /// Always 32 bytes.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Bytes as stored; nil unless exactly 32.
    public init?(bytes: [UInt8]) {
        guard let hash = bytes.withUnsafeBytes(ChainHash.init(stored:)) else { return nil }
        self = hash
    }

    /// Bytes as stored (a database column); nil unless exactly 32.
    public init?(stored: UnsafeRawBufferPointer) {
        guard stored.count == 32 else { return nil }
        Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: stored) }
    }

    /// Calls `body` with the 32 bytes, copying none.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    /// Whether `stored` (a stored hash column) is exactly these 32 bytes.
    public func matches(stored: UnsafeRawBufferPointer) -> Bool {
        stored.count == 32 && withUnsafeBytes { OpaqueID.equalBytes($0, stored) }
    }

    /// Whether `stored` is exactly these 32 bytes.
    public func matches(stored: [UInt8]) -> Bool {
        stored.withUnsafeBytes { matches(stored: $0) }
    }

    /// From 64 hex digits (either case); nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = ChainHash.nibble(digits[index]), let low = ChainHash.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.init(bytes: bytes)
    }

    private init(digest: SHA256.Digest) {
        digest.withUnsafeBytes { digest in Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: digest) } }
    }

    /// Lower-case hex, as reports and logs print it.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }

    /// The fixed value a tenant's chain starts from: SHA-256 of a domain label and the tenant id's
    /// bytes, so no two tenants' chains can be spliced into each other.
    public static func genesis(tenantID: String) -> ChainHash {
        var encoder = ChainLinkEncoder()
        encoder.append(ChainHash.genesisLabel)
        encoder.append(tenantID)
        return ChainHash(digest: SHA256.hash(data: encoder.bytes))
    }

    /// What the genesis value hashes besides the tenant id; names the chain's format version.
    public static let genesisLabel = "ledger-recon hash chain v1 genesis"

    /// The hash of the link whose canonical bytes are `link`, following this hash.
    public func next(_ link: [UInt8]) -> ChainHash {
        link.withUnsafeBytes { next($0) }
    }

    /// SHA-256 of `bytes`: a previous hash followed by a link's canonical bytes, in one buffer.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> ChainHash {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return ChainHash(digest: hasher.finalize())
    }

    /// The hash of the link whose canonical bytes are `link` (a reused buffer), following this hash.
    public func next(_ link: UnsafeRawBufferPointer) -> ChainHash {
        var hasher = SHA256()
        withUnsafeBytes { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: link)
        return ChainHash(digest: hasher.finalize())
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
