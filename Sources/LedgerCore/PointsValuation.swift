/// Values points in the tenant's currency (SPEC §5 trial_balance `cash_equivalent`).
///
/// `exchange_rate` is points per one major unit, so value = points × 10^exponent / rate minor
/// units, rounded half to even. Computed in 128 bits so that no intermediate overflows.
public enum PointsValuation {
    /// Minor units of `currency` worth `points`, or nil when the result does not fit in Int64.
    public static func value(points: Int64, exchangeRate: Int64, currency: Currency) -> Int64? {
        value(wide: Int128(points), exchangeRate: exchangeRate, currency: currency).flatMap { Int64(exactly: $0) }
    }

    /// The same for a report total held in 128 bits (the sum of many points accounts); nil only
    /// when points × 10^exponent itself does not fit in 128 bits (beyond any sum of Int64 amounts
    /// a ledger can hold).
    public static func value(wide points: Int128, exchangeRate: Int64, currency: Currency) -> Int128? {
        precondition(exchangeRate > 0, "exchange rate must be positive")
        var product = points.magnitude
        for _ in 0..<currency.exponent {
            let (scaled, overflow) = product.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            product = scaled
        }
        let rate = UInt128(exchangeRate)
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: rate)
        var rounded = quotient
        // Half to even: round up when past half, or exactly half and the quotient is odd.
        // remainder < rate ≤ Int64.max, so twice the remainder fits.
        let twiceRemainder = remainder * 2
        if twiceRemainder > rate || (twiceRemainder == rate && quotient % 2 == 1) { rounded += 1 }
        guard let magnitude = Int128(exactly: rounded) else { return nil }
        return points < 0 ? -magnitude : magnitude
    }
}
