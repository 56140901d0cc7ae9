public import LedgerCore

/// A transfer's ULID as the 128-bit number it encodes, stored as a 16-byte big-endian blob.
///
/// The ids a transfer shows are derived from it (SPEC §2 "Transaction records"): the transfer is
/// `trf_` + u (an opening balance `opn_` + u), its debit record u + 1 and its credit record u + 2,
/// with the seeds' prefix (`txn_` for wallets, none for points). The writer makes that a rule:
/// one clock read per batch, so the generator issues u, u + 1, u + 2 for each transfer in one
/// millisecond, and only u is stored. Entries migrated from the v2 schema whose ids do not follow
/// the rule keep them in `transfer_legacy_ids`.
package struct TransferULID: Hashable, Sendable {
    package let value: UInt128

    package init(_ value: UInt128) { self.value = value }

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private static let digitValues: [Int8] = {
        var values = [Int8](repeating: -1, count: 256)
        for (index, char) in alphabet.enumerated() {
            values[Int(char)] = Int8(index)
            // Crockford base32 reads lower case too.
            if char >= UInt8(ascii: "A") { values[Int(char) + 32] = Int8(index) }
        }
        return values
    }()

    /// Reads 26 Crockford base-32 digits (the first at most 7, as every ULID); nil for anything else.
    package init?(text: Substring) {
        let utf8 = text.utf8
        guard utf8.count == 26 else { return nil }
        var value: UInt128 = 0
        for (offset, char) in utf8.enumerated() {
            let digit = TransferULID.digitValues[Int(char)]
            guard digit >= 0, offset > 0 || digit <= 7 else { return nil }
            value = value << 5 | UInt128(digit)
        }
        self.value = value
    }

    /// Reads `prefix` + ULID; nil when the text is not exactly that.
    package init?(_ text: String, prefix: String) {
        guard text.hasPrefix(prefix) else { return nil }
        self.init(text: text.dropFirst(prefix.count))
    }

    package init?(blob: [UInt8]) {
        guard blob.count == 16 else { return nil }
        value = blob.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }

    package var blob: [UInt8] {
        withBlob { Array($0) }
    }

    /// The 16 bytes as stored (most significant first), without making an array (the insert loop).
    package func withBlob<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: value.bigEndian, body)
    }

    package var text: String {
        var bytes = [UInt8](repeating: 0, count: 26)
        var rest = value
        for index in stride(from: 25, through: 0, by: -1) {
            bytes[index] = TransferULID.alphabet[Int(rest & 31)]
            rest >>= 5
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The ULID `offset` after this one (the records' ids).
    package func advanced(by offset: UInt128) -> TransferULID { TransferULID(value &+ offset) }
}
