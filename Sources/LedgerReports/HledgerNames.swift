import LedgerCore
import LedgerStore
import LedgerStorage

/// How ledger ids become hledger account names and commodities (SPEC §7, README "Export to
/// hledger / Beancount"), reversibly.
///
/// hledger splits account names at `:`, ends them at two spaces, and reads `;` as a comment and
/// `,` as the end of a tag value, so an opaque id cannot be written as it is. Each id keeps its
/// letters and digits (any script), `_`, `.` and `-`; every other byte of its UTF-8 is written
/// `%HH` (upper-case hex), `%` itself included. Reversing is URL percent-decoding, and two
/// different ids never map to the same name: `josé` composed stays `josé`, `jose`+U+0301 becomes
/// `jose%CC%81` (a combining mark is not a letter).
///
/// - user wallet: `liabilities:<tenant>:wallet:<currency>:<user>`
/// - user points: `liabilities:<tenant>:points:<points type>:<user>`
/// - opening equity (the system account): `equity:<tenant>:opening:<currency>`, or
///   `equity:<tenant>:opening:points:<points type>`
/// - commodities: the currency code (`CNY`); points `"pts:<points type>"` (quoted: hledger needs
///   quotes around a symbol with digits or punctuation).
public enum HledgerNames {
    /// The id with every byte that hledger could read as syntax written `%HH`.
    public static func escape(_ id: String) -> String {
        var text = ""
        text.reserveCapacity(id.utf8.count)
        for scalar in id.unicodeScalars {
            if keeps(scalar) {
                text.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { text += PercentHex.encode(byte, marker: "%") }
            }
        }
        return text
    }

    private static func keeps(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber: return true
        default: return false
        }
    }

    /// The account name of `key` (a user account, or the opening equity when its user is the system's).
    public static func account(_ key: AccountKey) -> String {
        let tenant = escape(key.tenantID), asset = escape(key.asset)
        switch (key.isSystem, key.kind) {
        case (true, .wallet): return "equity:\(tenant):opening:\(asset)"
        case (true, .points): return "equity:\(tenant):opening:points:\(asset)"
        case (false, .wallet): return "liabilities:\(tenant):wallet:\(asset):\(escape(key.userID))"
        case (false, .points): return "liabilities:\(tenant):points:\(asset):\(escape(key.userID))"
        }
    }

    /// The commodity symbol of an asset, quoted where hledger needs it.
    public static func commodity(_ asset: Asset) -> String {
        switch asset.kind {
        case .wallet: escape(asset.code)
        case .points: "\"pts:\(escape(asset.code))\""
        }
    }

    /// Free text (a description, a tenant's name) made safe for a transaction line: `%`, `;`
    /// (a comment), control characters (a line break) and a leading `*`, `!` or `(` (a status mark
    /// or a code) or space are written `%HH`; everything else stays readable.
    public static func text(_ value: String) -> String {
        var text = ""
        for scalar in value.unicodeScalars {
            let leading = text.isEmpty && ["*", "!", "(", " "].contains(scalar)
            if leading || scalar == "%" || scalar == ";" || scalar.value < 0x20 || scalar.value == 0x7F
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator {
                for byte in String(scalar).utf8 { text += PercentHex.encode(byte, marker: "%") }
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
