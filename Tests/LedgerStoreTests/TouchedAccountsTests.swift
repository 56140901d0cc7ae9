@testable import LedgerStorage
import LedgerTestSupport
import Testing

/// A batch's touched accounts: each index once, ascending, whatever the order and repeats of
/// the marks, and past the capacity it was made with.
struct TouchedAccountsTests {
    @Test func marksComeBackOnceEachInAscendingOrder() {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("TouchedAccountsTests: seed \(seed)")
        var random = SplitMix64(seed: seed)
        var touched = TouchedAccounts(capacity: 1_000)
        var expected = Set<Int>()
        for _ in 0..<5_000 {
            // Past the capacity too: the bits grow.
            let index = Int(random.next(below: 3_000))
            touched.insert(index)
            expected.insert(index)
        }
        #expect(touched.sorted == expected.sorted())
        #expect(touched.count == expected.count)
    }

    @Test func wordBoundariesAndAnEmptySet() {
        #expect(TouchedAccounts().sorted.isEmpty)
        var touched = TouchedAccounts()
        for index in [64, 0, 63, 127, 128, 0, 64] { touched.insert(index) }
        #expect(touched.sorted == [0, 63, 64, 127, 128])
        #expect(touched.count == 5)
    }
}
