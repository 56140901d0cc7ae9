/// Values points in the tenant's currency (SPEC §5 trial_balance `cash_equivalent`).
///
/// `exchange_rate` is points per one major unit, so value = points × 10^exponent / rate minor
/// units, rounded half to even. Computed in 128 bits so that no intermediate overflows.
public enum PointsValuation {
    /// Minor units of `currency` worth `points`, or nil when the result does not fit in Int64.
    public static func value(points: Int64, exchangeRate: Int64, currency: Currency) -> Int64? {
        precondition(exchangeRate > 0, "exchange rate must be positive")
        var scale: Int64 = 1
        for _ in 0..<currency.exponent { scale *= 10 }
        let magnitude = points.magnitude
        let product = magnitude.multipliedFullWidth(by: UInt64(scale))
        let rate = UInt64(exchangeRate)
        guard product.high < rate else { return nil }
        let (quotient, remainder) = rate.dividingFullWidth(product)
        var rounded = quotient
        // Half to even: round up when past half, or exactly half and the quotient is odd.
        let twiceRemainder = remainder.multipliedFullWidth(by: 2)
        let comparedToRate: Int = twiceRemainder.high > 0 || twiceRemainder.low > rate ? 1 : (twiceRemainder.low == rate ? 0 : -1)
        if comparedToRate > 0 || (comparedToRate == 0 && quotient % 2 == 1) { rounded += 1 }
        guard rounded <= UInt64(Int64.max) else { return nil }
        return points < 0 ? -Int64(rounded) : Int64(rounded)
    }
}
