/// The cache indexes of the accounts a batch changed, each once, visited in ascending order.
///
/// A bit per cached account: a 1M-transfer run marks two accounts per transfer, and a
/// `Set<Int>` hashed every mark and was then sorted for the balance writes (about 3% of the
/// engine thread in `perf`); here a mark is one OR and the order comes from the bits.
struct TouchedAccounts {
    private var words: [UInt64] = []
    private(set) var count = 0

    /// Room for cache indexes below `capacity` without growing.
    init(capacity: Int = 0) {
        words = Array(repeating: 0, count: (max(capacity, 0) + 63) >> 6)
    }

    mutating func insert(_ index: Int) {
        precondition(index >= 0, "a cache index")
        let word = index >> 6, bit = UInt64(1) << UInt64(index & 63)
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: max(word + 1 - words.count, words.count))) }
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }

    /// Every marked index, ascending.
    var sorted: [Int] {
        var result: [Int] = []
        result.reserveCapacity(count)
        for (position, word) in words.enumerated() where word != 0 {
            var rest = word
            while rest != 0 {
                result.append(position << 6 + rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
        return result
    }
}
