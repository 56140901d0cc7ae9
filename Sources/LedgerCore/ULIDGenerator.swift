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

    /// A new ULID for the given wall-clock time in milliseconds since 1970.
    public mutating func next(nowMillis: Int64) -> String {
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
        return ULIDGenerator.encode(millis: lastMillis, high: randomHigh, low: randomLow)
    }

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    private static func encode(millis: UInt64, high: UInt16, low: UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 26)
        var time = millis
        for index in stride(from: 9, through: 0, by: -1) {
            bytes[index] = alphabet[Int(time & 31)]
            time >>= 5
        }
        // 80 random bits = high (16) + low (64), written as 16 base-32 digits.
        var lowBits = low
        var highBits = UInt64(high)
        for index in stride(from: 25, through: 10, by: -1) {
            bytes[index] = alphabet[Int(lowBits & 31)]
            lowBits = (lowBits >> 5) | ((highBits & 31) << 59)
            highBits >>= 5
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
