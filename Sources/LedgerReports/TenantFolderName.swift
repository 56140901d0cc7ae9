import Crypto

/// The folder name of a tenant under `tenants/` (`--split-by-tenant`, SPEC §5). Tenant ids are
/// opaque bytes (SPEC §2), and a folder name must be none of `/`, `.`, `..`, a control character,
/// or anything that a case-insensitive or Unicode-normalising file system (macOS) would merge
/// with another tenant's folder. So the name is the id percent-encoded, reversibly:
///
/// - bytes `a`–`z`, `0`–`9`, `_` and `-` stay as they are, and `.` too except as the first byte;
/// - every other byte (upper-case letters, a leading `.`, `/`, `%`, spaces, controls, each byte of
///   a non-ASCII character) becomes `%` and two upper-case hex digits: `tnt_A/b` → `tnt_%41%2Fb`,
///   `上海` → `%E4%B8%8A%E6%B5%B7`;
/// - names longer than 240 bytes (ids over ~80 characters) are cut at 200 bytes and end in `~` and
///   the first 32 hex digits of the id's SHA-256 (`~` is never produced otherwise, so such a name
///   cannot equal a full one); the id itself is in every report of the folder.
///
/// Decoding is plain percent-decoding (`TenantFolderName.decode`), so `%`-aware tools read it back.
public enum TenantFolderName {
    static let maximumBytes = 240
    static let keptPrefixBytes = 200

    public static func encode(_ tenantID: String) -> String {
        var name: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for (index, byte) in tenantID.utf8.enumerated() {
            let kept = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || (byte == UInt8(ascii: ".") && index > 0)
            if kept {
                name.append(byte)
            } else {
                name += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        if name.count > maximumBytes {
            var cut = keptPrefixBytes
            // Never cut inside a %XX escape.
            if let percent = name[(cut - 2)..<cut].lastIndex(of: UInt8(ascii: "%")) { cut = percent }
            let digest = SHA256.hash(data: Array(tenantID.utf8)).prefix(16).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] }
            name = Array(name[..<cut]) + [UInt8(ascii: "~")] + digest
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// The tenant id a (not shortened) folder name stands for, or nil when it is not one this
    /// encoding produces.
    public static func decode(_ name: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(name.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
