import Crypto
import LedgerCore
import LedgerStore
import LedgerStorage

/// How ledger ids become Beancount account names and commodities (SPEC §7, README "Export to
/// hledger / Beancount"), reversibly.
///
/// Beancount is strict: an account component starts with a capital letter or a digit and holds
/// only letters, digits and `-`; a commodity is 2–24 characters of `A-Z 0-9 ' . _ -`, starting with
/// a letter and ending with a letter or digit. So:
///
/// - an id in an account name is a role letter (`T` tenant, `U` user, `P` points type) followed by
///   the id's UTF-8 bytes, ASCII letters and digits kept, every other byte written `-HH`
///   (upper-case hex): `tnt_sh_tea` → `Ttnt-5Fsh-5Ftea`. Reverse: drop the letter, replace each
///   `-HH` with its byte.
/// - accounts: `Liabilities:<T>:Wallet:<currency>:<U>`, `Liabilities:<T>:Points:<P>:<U>`,
///   `Equity:<T>:Opening:<currency>`, `Equity:<T>:Opening:Points:<P>` (opening equity, the system account).
/// - a currency is its code (`CNY`). A points type is `P.` followed by its bytes: `a`–`z` written
///   upper case, digits and `_` kept (a last `_` excepted), every other byte `'HH`:
///   `cash_equivalent` → `P.CASH_EQUIVALENT`, `Miles` → `P.'4DILES`. Reverse: drop `P.`, replace
///   each `'HH` with its byte, lower-case the letters. A points type whose name would pass 24
///   characters is `PX.` and the first 21 hex digits of its SHA-256; every commodity directive
///   carries the points type as metadata (`points_type: "…"`), so this form is reversible too.
public enum BeancountNames {
    /// `role` followed by the id with every byte but an ASCII letter or digit written `-HH`.
    public static func component(_ role: Character, _ id: String) -> String {
        var text = String(role)
        for byte in id.utf8 {
            if isASCIILetterOrDigit(byte) {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += PercentHex.encode(byte, marker: "-")
            }
        }
        return text
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// The account name of `key` (a user account, or the opening equity when its user is the system's).
    public static func account(_ key: AccountKey) -> String {
        let tenant = component("T", key.tenantID)
        // A currency is a known upper-case code (`JournalExport` refuses any other), already a valid component.
        let asset = key.kind == .wallet ? key.asset : component("P", key.asset)
        switch (key.isSystem, key.kind) {
        case (true, .wallet): return "Equity:\(tenant):Opening:\(asset)"
        case (true, .points): return "Equity:\(tenant):Opening:Points:\(asset)"
        case (false, .wallet): return "Liabilities:\(tenant):Wallet:\(asset):\(component("U", key.userID))"
        case (false, .points): return "Liabilities:\(tenant):Points:\(asset):\(component("U", key.userID))"
        }
    }

    /// Longest commodity Beancount accepts.
    static let commodityLimit = 24

    /// The commodity of an asset: the currency code, or the points type's `P.` form.
    public static func commodity(_ asset: Asset) -> String {
        guard asset.kind == .points else { return asset.code }
        var text = "P."
        let bytes = Array(asset.code.utf8)
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): text.unicodeScalars.append(Unicode.Scalar(byte - 0x20))
            case UInt8(ascii: "0")...UInt8(ascii: "9"): text.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "_") where index < bytes.count - 1: text.append("_")
            default: text += PercentHex.encode(byte, marker: "'")
            }
        }
        guard text.count > commodityLimit || bytes.isEmpty else { return text }
        let digest = SHA256.hash(data: bytes).map { PercentHex.encode($0, marker: " ").dropFirst() }.joined()
        return "PX." + digest.prefix(commodityLimit - 3)
    }

    /// Free text as a Beancount string literal: quoted, `\` and `"` escaped.
    public static func string(_ value: String) -> String {
        var text = "\""
        for character in value.unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            default: text.unicodeScalars.append(character)
            }
        }
        return text + "\""
    }
}
