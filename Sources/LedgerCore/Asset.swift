/// What an account holds: a currency for wallets, the tenant's points type for points.
///
/// Journal entries balance per asset, and reports group by it. The exponent tells how many
/// decimal digits its minor units carry (points are always whole).
public struct Asset: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let kind: AccountKind
    /// The currency code (`CNY`) or the points type (`cash_equivalent`).
    public let code: String
    public let exponent: Int

    public init(currency: Currency) {
        kind = .wallet
        code = currency.code
        exponent = currency.exponent
    }

    public init(pointsType: String) {
        kind = .points
        code = pointsType
        exponent = 0
    }

    /// Rebuilds an asset read back from storage; nil when a wallet's stored code is not a known currency.
    public init?(kind: AccountKind, code: String) {
        switch kind {
        case .wallet:
            guard let currency = Currency(code: code) else { return nil }
            self.init(currency: currency)
        case .points:
            self.init(pointsType: code)
        }
    }

    /// Formats minor units of this asset as report text: `100.00` for CNY, `100` for points.
    public func format(_ minorUnits: Int64) -> String {
        MoneyText.format(minorUnits, exponent: exponent)
    }

    /// Formats a wide total (a sum of many amounts) exactly, with this asset's digits.
    public func format(wide minorUnits: Int128) -> String {
        MoneyText.format(wide: minorUnits, exponent: exponent)
    }

    public var description: String { "\(kind.rawValue) \(code)" }

    // A points type is an id like any other: compared, hashed and sorted by its bytes (`OpaqueID`).
    public static func == (lhs: Asset, rhs: Asset) -> Bool {
        lhs.kind == rhs.kind && lhs.exponent == rhs.exponent && OpaqueID.sameBytes(lhs.code, rhs.code)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        OpaqueID.hashBytes(code, into: &hasher)
    }

    public static func < (lhs: Asset, rhs: Asset) -> Bool {
        lhs.kind != rhs.kind ? lhs.kind < rhs.kind : OpaqueID.bytesPrecede(lhs.code, rhs.code)
    }
}
