/// An account id as the writer's account cache holds it: the usual `wlt_`/`sys_`/no prefix + a
/// ULID packed into 17 bytes inline, anything else (a ledger of another origin) as its text.
///
/// A 26- or 30-character id as a String is a heap object of 48–64 bytes beside its 16 inline:
/// 200,000 accounts' ids took 12.8 MB of the import's peak, for a value read only when an
/// accounts-file row names an existing account. The text is rebuilt on demand, byte for byte.
package enum CachedAccountID: Sendable {
    /// The prefixes the writer gives (`LedgerEngine.insertAccount`).
    package enum Prefix: UInt8, Sendable, CaseIterable {
        case none, wallet, system

        var text: String {
            switch self {
            case .none: ""
            case .wallet: "wlt_"
            case .system: "sys_"
            }
        }
    }

    /// The ULID's 128 bits as two halves (a `UInt128` would align the cache's entries to 16 bytes),
    /// then the prefix: 17 bytes, where the prefix first would pad to 24.
    case ulid(high: UInt64, low: UInt64, Prefix)
    case text(String)

    package init(_ text: String) {
        for prefix in Prefix.allCases.reversed() {
            // Only when the text is exactly what the ULID prints again (upper case, 26 digits).
            guard let ulid = TransferULID(text, prefix: prefix.text), prefix.text + ulid.text == text else { continue }
            self = .ulid(high: UInt64(truncatingIfNeeded: ulid.value >> 64), low: UInt64(truncatingIfNeeded: ulid.value), prefix)
            return
        }
        self = .text(text)
    }

    package var text: String {
        switch self {
        case .ulid(let high, let low, let prefix): prefix.text + TransferULID(UInt128(high) << 64 | UInt128(low)).text
        case .text(let text): text
        }
    }
}
