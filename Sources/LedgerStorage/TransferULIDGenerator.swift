/// Issues ULIDs as numbers, monotonic within a millisecond (the same rule as LedgerCore's
/// `ULIDGenerator`: a new random part when the clock moves on, else the previous value + 1), so a
/// transfer reserves its three ids (u, u + 1, u + 2) with one call and no text is made for the
/// two records, whose ids are derived on reading.
package struct TransferULIDGenerator {
    private var last: UInt128 = 0

    package init() {}

    /// The first of `count` consecutive new ULIDs at `millis` (UTC milliseconds).
    package mutating func reserve(_ count: UInt128, millis: Int64) -> TransferULID {
        let time = UInt128(UInt64(max(0, millis)) & 0xFFFF_FFFF_FFFF) << 80
        let first: UInt128
        if time > last & ~TransferULIDGenerator.randomMask {
            var generator = SystemRandomNumberGenerator()
            let random = UInt128(UInt16.random(in: 0...UInt16.max, using: &generator)) << 64
                | UInt128(UInt64.random(in: 0...UInt64.max, using: &generator))
            // The top random bit clear: headroom, so increments within a millisecond never reach the time bits.
            first = time | (random & (TransferULIDGenerator.randomMask >> 1))
        } else {
            first = last &+ 1
        }
        last = first &+ (count - 1)
        return TransferULID(first)
    }

    /// The 80 random bits under the 48-bit time.
    private static let randomMask: UInt128 = (1 << 80) - 1
}
