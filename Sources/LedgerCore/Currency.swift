/// A wallet currency and the number of decimal digits its minor units carry (SPEC §2).
///
/// Only the codes listed here are accepted; anything else is a bad request, because guessing the
/// exponent of an unknown currency would silently scale money by a power of ten.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    /// Decimal digits of one minor unit: 2 for CNY (fen), 0 for JPY, 3 for BHD (fils).
    public let exponent: Int

    public static let exponents: [String: Int] = [
        "CNY": 2, "USD": 2, "EUR": 2, "HKD": 2,
        "JPY": 0, "KRW": 0,
        "BHD": 3, "KWD": 3,
    ]

    /// The currency for an ISO code, or nil when the code is not one we know. Codes are exact
    /// (upper case); `cny` is not accepted, as ids are case-sensitive everywhere in the ledger.
    public init?(code: String) {
        guard let exponent = Currency.exponents[code] else { return nil }
        self.code = code
        self.exponent = exponent
    }

    public static let cny = Currency(code: "CNY")!

    public var description: String { code }

    /// The known codes, sorted, for error messages.
    public static var knownCodes: String { exponents.keys.sorted().joined(separator: ", ") }
}
