/// The two kinds of user account the ledger keeps (SPEC §2).
public enum AccountKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Money in a decimal currency; asset = currency code.
    case wallet
    /// Integer loyalty points; asset = the tenant's points type.
    case points

    /// Reads `kind` as the CSV files spell it: case-insensitive, surrounding space already trimmed.
    public init?(text: String) {
        switch text.lowercased() {
        case "wallet": self = .wallet
        case "points": self = .points
        default: return nil
        }
    }

    public static func < (lhs: AccountKind, rhs: AccountKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Account status; only `active` accounts send or receive (SPEC §2).
public enum AccountStatus: String, Sendable, Hashable, CaseIterable {
    case active, frozen, closed
}
