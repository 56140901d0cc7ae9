import LedgerStorage
import Testing

/// The account cache's chunked array: elements across chunk boundaries, in-place changes, value
/// semantics on copy, and every element released when the array goes.
struct ChunkedArrayTests {
    @Test func holdsElementsAcrossChunksInOrderAndChangesThemInPlace() {
        var numbers = ChunkedArray<Int>()
        #expect(numbers.isEmpty)
        for value in 0..<10_000 { numbers.append(value * 3) }
        #expect(numbers.count == 10_000)
        #expect(numbers[0] == 0 && numbers[4_095] == 4_095 * 3 && numbers[4_096] == 4_096 * 3 && numbers[9_999] == 9_999 * 3)
        numbers[4_096] += 1
        numbers[9_999] = -1
        #expect(numbers[4_096] == 4_096 * 3 + 1 && numbers[9_999] == -1 && numbers[4_095] == 4_095 * 3)
        var expectedSum = 0
        for value in 0..<9_999 { expectedSum += value * 3 }
        expectedSum += 1 - 1
        let sum = numbers.reduce(0, +)
        #expect(sum == expectedSum)
    }

    @Test func aCopyIsIndependentOfTheOriginal() {
        var original = ChunkedArray<String>()
        for value in 0..<5_000 { original.append("account \(value)") }
        var copy = original
        copy[4_999] = "changed"
        copy.append("extra")
        original[0] = "first"
        #expect(original.count == 5_000 && copy.count == 5_001)
        #expect(original[4_999] == "account 4999" && copy[4_999] == "changed")
        #expect(original[0] == "first" && copy[0] == "account 0")
        #expect(copy[5_000] == "extra")
    }

    @Test func releasesEveryElementWhenItGoes() {
        final class Tracked {
            let onRelease: () -> Void
            init(onRelease: @escaping () -> Void) { self.onRelease = onRelease }
            deinit { onRelease() }
        }
        var released = 0
        do {
            var objects = ChunkedArray<Tracked>()
            for _ in 0..<4_097 { objects.append(Tracked { released += 1 }) }
            var copy = objects
            copy.append(Tracked { released += 1 })
            #expect(released == 0)
        }
        #expect(released == 4_098)
    }
}
