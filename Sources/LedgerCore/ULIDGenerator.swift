/// Makes ULIDs (26 Crockford base-32 characters: 48-bit milliseconds + 80 random bits), the id
/// format of the seeds' point accounts and records.
///
/// Monotonic: within one millisecond the random part is incremented instead of redrawn, so ids
/// made by one generator sort in the order they were made, and a hot loop makes them without a
/// system call each.
public struct ULIDGenerator: Sendable {
    private var lastMillis: UInt64 = 0
    private var randomHigh: UInt16 = 0
    private var randomLow: UInt64 = 0

    public init() {}

    /// A new ULID for the given wall-clock time in milliseconds since 1970, after `prefix`
    /// (`txn_`, `trf_`): the id is made as one String, with no intermediate copy.
    public mutating func next(nowMillis: Int64, prefix: String = "") -> String {
        let millis = UInt64(max(0, nowMillis)) & 0xFFFF_FFFF_FFFF
        if millis > lastMillis {
            lastMillis = millis
            var generator = SystemRandomNumberGenerator()
            randomHigh = UInt16.random(in: 0...UInt16.max, using: &generator)
            // Leave headroom so increments within a millisecond never wrap.
            randomLow = UInt64.random(in: 0...(UInt64.max >> 1), using: &generator)
        } else {
            randomLow &+= 1
            if randomLow == 0 { randomHigh &+= 1 }
        }
        return ULIDGenerator.encode(prefix: prefix, millis: lastMillis, high: randomHigh, low: randomLow)
    }

    /// Crockford's base 32.
    private static let alphabet: StaticString = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

    private static func encode(prefix: String, millis: UInt64, high: UInt16, low: UInt64) -> String {
        var prefix = prefix
        return prefix.withUTF8 { head in
            String(unsafeUninitializedCapacity: head.count + 26) { text in
                _ = text.initialize(fromContentsOf: head)
                let id = UnsafeMutableBufferPointer(rebasing: text[head.count...])
                alphabet.withUTF8Buffer { digits in
                    var time = millis
                    for index in stride(from: 9, through: 0, by: -1) {
                        id[index] = digits[Int(time & 31)]
                        time >>= 5
                    }
                    // 80 random bits = high (16) + low (64), written as 16 base-32 digits.
                    var lowBits = low
                    var highBits = UInt64(high)
                    for index in stride(from: 25, through: 10, by: -1) {
                        id[index] = digits[Int(lowBits & 31)]
                        lowBits = (lowBits >> 5) | ((highBits & 31) << 59)
                        highBits >>= 5
                    }
                }
                return head.count + 26
            }
        }
    }
}
