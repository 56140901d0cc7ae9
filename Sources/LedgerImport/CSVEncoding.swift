/// The text encodings an input file can be read in (SPEC §3 `--encoding`).
///
/// Every file is converted to UTF-8 as it is read, a physical line at a time, so line numbers and
/// the input's SHA-256 stay those of the original bytes. A file that is UTF-8 already — it starts
/// with a UTF-8 byte-order mark, or its first 64 KiB are valid UTF-8 with non-ASCII text (for
/// UTF-16: without a zero byte) — is read as UTF-8 whatever was asked, so one run can take a
/// Chinese-Excel transfers file beside UTF-8 tenants and accounts files (see `EncodingCheck`).
public enum CSVEncoding: String, CaseIterable, Sendable {
    /// The default; a file that is not valid UTF-8 is refused at open with a hint.
    case utf8 = "utf-8"
    /// GB18030, a superset of GBK and GB2312: what Chinese Excel saves as "CSV".
    case gb18030
    /// Windows-1252: what Western European Excel saves as "CSV".
    case windows1252 = "windows-1252"
    /// ISO-8859-1.
    case latin1
    /// UTF-16, little-endian unless a byte-order mark says otherwise.
    case utf16 = "utf-16"

    /// Reads an `--encoding` value: the names above in any case, plus common aliases
    /// (`utf8`, `gbk`, `gb2312`, `cp1252`, `iso-8859-1`, `utf16`).
    public init?(name: String) {
        let key = name.lowercased()
        if let encoding = CSVEncoding(rawValue: key) {
            self = encoding
            return
        }
        switch key {
        case "utf8": self = .utf8
        case "gbk", "gb2312", "cp936": self = .gb18030
        case "cp1252": self = .windows1252
        case "iso-8859-1", "latin-1", "iso8859-1": self = .latin1
        case "utf16", "utf-16le", "ucs-2": self = .utf16
        default: return nil
        }
    }

    /// The names `--encoding` accepts, for help and error texts.
    public static var optionNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// How messages name the encoding.
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .gb18030: "GB18030"
        case .windows1252: "Windows-1252"
        case .latin1: "Latin-1"
        case .utf16: "UTF-16"
        }
    }

    /// Bytes per code unit: line breaks are looked for a unit at a time.
    var unitWidth: Int { self == .utf16 ? 2 : 1 }
}
