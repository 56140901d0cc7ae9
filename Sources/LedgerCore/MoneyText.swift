/// Strict conversion between amount text and integer minor units (SPEC §2, §3).
///
/// Accepted: ASCII digits, optionally a `.` followed by at least one digit, at most `exponent`
/// decimals. Nothing is read through a locale, so `1,000.00`, `1.000,00`, `1e3`, `+5`, `-5`,
/// `12.`, `.5`, full-width or Arabic-Indic digits are all refused rather than guessed at.
/// Leading zeros (`007.50`) are plain digits and accepted. `parse(format(x)) == x` for every x > 0.
public enum MoneyText {
    /// Why a text is not an amount; each maps to `invalid_amount` (empty text is the caller's
    /// `invalid_request`, "missing required value").
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case notPlainDigits(String)
        case tooManyDecimals(String, allowed: Int)
        case notPositive(String)
        case tooLarge(String)

        public var description: String {
            switch self {
            case .empty:
                return "amount is empty"
            case .notPlainDigits(let text):
                return "amount '\(text)' is not plain digits with an optional '.' and digits"
            case .tooManyDecimals(let text, let allowed):
                return allowed == 0
                    ? "amount '\(text)' must be a whole number"
                    : "amount '\(text)' has more than \(allowed) decimals"
            case .notPositive(let text):
                return "amount '\(text)' must be greater than zero"
            case .tooLarge(let text):
                return "amount '\(text)' does not fit in signed 64-bit minor units"
            }
        }
    }

    /// Parses a positive amount into minor units of a currency with `exponent` decimals.
    /// - Throws: `ParseError`; never rounds, never truncates.
    public static func parsePositive(_ text: String, exponent: Int) throws(ParseError) -> Int64 {
        let value = try parse(text, exponent: exponent)
        guard value > 0 else { throw .notPositive(text) }
        return value
    }

    /// Parses a non-negative amount (balances in snapshots may be zero).
    public static func parse(_ text: String, exponent: Int) throws(ParseError) -> Int64 {
        precondition((0...18).contains(exponent), "exponent out of range")
        let utf8 = text.utf8
        guard !utf8.isEmpty else { throw .empty }
        var value: Int64 = 0
        var integerDigits = 0
        var fractionDigits = 0
        var seenPoint = false
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            index = utf8.index(after: index)
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, integerDigits > 0 else { throw .notPlainDigits(text) }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .notPlainDigits(text) }
            if seenPoint { fractionDigits += 1 } else { integerDigits += 1 }
            let (times10, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { throw .tooLarge(text) }
            value = next
        }
        guard integerDigits > 0, !seenPoint || fractionDigits > 0 else { throw .notPlainDigits(text) }
        guard fractionDigits <= exponent else { throw .tooManyDecimals(text, allowed: exponent) }
        for _ in fractionDigits..<exponent {
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw .tooLarge(text) }
            value = scaled
        }
        return value
    }

    /// Formats minor units with exactly `exponent` decimals: `12345, 2` → `123.45`, `-5, 2` → `-0.05`.
    public static func format(_ minorUnits: Int64, exponent: Int) -> String {
        text(of: minorUnits, exponent: exponent)
    }

    /// Formats a report total held wider than 64 bits (an `Int128` sum of many amounts) exactly,
    /// with the currency's digits: totals are never wrapped or rounded (SPEC §6).
    public static func format(wide minorUnits: Int128, exponent: Int) -> String {
        text(of: minorUnits, exponent: exponent)
    }

    private static func text(of minorUnits: some BinaryInteger, exponent: Int) -> String {
        let digits = String(minorUnits.magnitude)
        let sign = minorUnits < 0 ? "-" : ""
        guard exponent > 0 else { return sign + digits }
        let padded = digits.count <= exponent
            ? String(repeating: "0", count: exponent + 1 - digits.count) + digits
            : digits
        let split = padded.index(padded.endIndex, offsetBy: -exponent)
        return sign + padded[..<split] + "." + padded[split...]
    }
}
