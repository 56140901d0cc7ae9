import Crypto

/// The content of a request that its idempotency key vouches for (SPEC §2 "Request fingerprint"):
/// kind, tenant, sender, receiver, amount in minor units, currency, description, reason, source,
/// reference_id. `requested_at` is deliberately not part of it: a retried export may carry a new time.
///
/// Two requests under the same key with equal digests are the same request (`duplicate`);
/// different digests are an `idempotency_conflict`, and `differingFields` says which fields moved.
public struct RequestFingerprint: Hashable, Sendable {
    public let kind: AccountKind
    public let tenantID: String
    public let fromUserID: String
    public let toUserID: String
    public let amount: Int64
    public let currency: String
    public let description: String
    public let reason: String
    public let source: String
    public let referenceID: String
    /// SHA-256 over the fields, each length-prefixed so that no two field lists collide.
    public let digest: RequestDigest

    public init(
        kind: AccountKind, tenantID: String, fromUserID: String, toUserID: String, amount: Int64,
        currency: String, description: String, reason: String, source: String, referenceID: String
    ) {
        self.kind = kind
        self.tenantID = tenantID
        self.fromUserID = fromUserID
        self.toUserID = toUserID
        self.amount = amount
        self.currency = currency
        self.description = description
        self.reason = reason
        self.source = source
        self.referenceID = referenceID
        digest = Self.digest(kind: kind, tenantID: tenantID, fromUserID: fromUserID, toUserID: toUserID, amount: amount,
                             currency: currency, description: description, reason: reason, source: source,
                             referenceID: referenceID)
    }

    /// The digest of these fields, as `digest` holds it, computed without building a fingerprint:
    /// every validated row takes one, on the reading thread.
    public static func digest(
        kind: AccountKind, tenantID: String, fromUserID: String, toUserID: String, amount: Int64,
        currency: String, description: String, reason: String, source: String, referenceID: String
    ) -> RequestDigest {
        var fields = LengthPrefixed(capacity: 256)
        fields.append(kind.rawValue)
        fields.append(tenantID)
        fields.append(fromUserID)
        fields.append(toUserID)
        fields.append(decimal: amount)
        fields.append(currency)
        fields.append(description)
        fields.append(reason)
        fields.append(source)
        fields.append(referenceID)
        return fields.withBytes { bytes in
            var hasher = SHA256()
            hasher.update(bufferPointer: bytes)
            return RequestDigest(hasher.finalize())
        }
    }

    /// Two fingerprints are the same request when their digests (over the fields' bytes) are equal.
    public static func == (lhs: RequestFingerprint, rhs: RequestFingerprint) -> Bool { lhs.digest == rhs.digest }

    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    /// Names of the fields whose values differ, in the SPEC's order; texts compare by their bytes,
    /// as the digest does, so a field that differs only in Unicode normalisation is named too.
    public func differingFields(from other: RequestFingerprint) -> [String] {
        var names: [String] = []
        if kind != other.kind { names.append("kind") }
        if !OpaqueID.sameBytes(tenantID, other.tenantID) { names.append("tenant_id") }
        if !OpaqueID.sameBytes(fromUserID, other.fromUserID) { names.append("from_user_id") }
        if !OpaqueID.sameBytes(toUserID, other.toUserID) { names.append("to_user_id") }
        if amount != other.amount { names.append("amount") }
        if !OpaqueID.sameBytes(currency, other.currency) { names.append("currency") }
        if !OpaqueID.sameBytes(description, other.description) { names.append("description") }
        if !OpaqueID.sameBytes(reason, other.reason) { names.append("reason") }
        if !OpaqueID.sameBytes(source, other.source) { names.append("source") }
        if !OpaqueID.sameBytes(referenceID, other.referenceID) { names.append("reference_id") }
        return names
    }
}

/// A SHA-256 digest held inline (four words, no heap allocation): one per request in flight.
public struct RequestDigest: Hashable, Sendable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    init(_ digest: SHA256.Digest) {
        words = digest.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    /// Rebuilds a stored digest; nil unless exactly 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        words = bytes.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    /// The 32 bytes, as stored in the ledger.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the 32 bytes, copying none (the insert loop binds them).
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    public static func == (lhs: RequestDigest, rhs: RequestDigest) -> Bool { lhs.words == rhs.words }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

/// Fields as one byte string, each as its UTF-8 length (8 bytes, little endian) and bytes, so
/// that `("ab","c")` and `("a","bc")` never hash alike. One buffer, so hashing it is one call.
struct LengthPrefixed {
    private var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    static func bytes(_ fields: [String]) -> [UInt8] {
        var prefixed = LengthPrefixed(capacity: fields.reduce(0) { $0 + $1.utf8.count + 8 })
        for field in fields { prefixed.append(field) }
        return prefixed.bytes
    }

    mutating func append(_ field: String) {
        var field = field
        field.withUTF8 { utf8 in
            appendLength(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// An integer's decimal text (`String(value)`), without making the String.
    mutating func append(decimal value: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { scratch in
            var position = scratch.count
            var rest = value.magnitude
            repeat {
                position -= 1
                scratch[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 {
                position -= 1
                scratch[position] = UInt8(ascii: "-")
            }
            appendLength(scratch.count - position)
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[position...]))
        }
    }

    private mutating func appendLength(_ count: Int) {
        withUnsafeBytes(of: UInt64(count).littleEndian) { bytes.append(contentsOf: $0) }
    }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes(body)
    }
}
