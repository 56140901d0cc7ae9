import LedgerCore
import Testing

struct TimestampTests {
    @Test(arguments: [
        ("2026-04-15T10:30:00Z", "2026-04-15T10:30:00Z"),
        ("2026-04-15T18:30:00+08:00", "2026-04-15T10:30:00Z"),
        ("2026-04-15 10:30:00.25z", "2026-04-15T10:30:00.250Z"),
        ("2024-02-29T23:59:59.999999-01:00", "2024-03-01T00:59:59.999Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z"),
        ("0001-01-01T00:00:00.007Z", "0001-01-01T00:00:00.007Z"),
        ("9999-12-31T23:59:59.010Z", "9999-12-31T23:59:59.010Z"),
    ])
    func parsesAndNormalisesToUTC(text: String, expected: String) throws {
        let millis = try #require(Timestamp.parseMillis(text))
        #expect(Timestamp.format(millis: millis) == expected)
    }

    @Test(arguments: [
        "2026-04-15", "2026-04-15T10:30:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-04-15T24:00:00Z", "2026-04-15T10:30:00.Z", "2026/04/15T10:30:00Z", "yesterday",
        "2026-04-15T10:30:00+0800", "2026-04-15T10:30:00Z ", "１９７０-01-01T00:00:00Z", "",
    ])
    func refusesWhatIsNotRFC3339(text: String) {
        #expect(Timestamp.parseMillis(text) == nil)
    }

    @Test func ulidsAreUniqueSortedAndWellFormed() {
        var generator = ULIDGenerator()
        let ids = (0..<1000).map { generator.next(nowMillis: 1_776_000_000_000 + Int64($0 / 100)) }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { $0.count == 26 })
    }

    /// Known encodings: the time part is the 48-bit milliseconds in Crockford base 32, and a prefix
    /// is written in front without changing the id.
    @Test func ulidsEncodeTheirTimeAndTakeAPrefix() throws {
        var generator = ULIDGenerator()
        let id = generator.next(nowMillis: 1_469_918_176_385, prefix: "txn_")
        #expect(id.hasPrefix("txn_01ARYZ6S41"), "\(id)")
        #expect(id.utf8.count == 30)
        let alphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        #expect(id.dropFirst(4).allSatisfy { alphabet.contains($0) }, "\(id)")
        let next = generator.next(nowMillis: 1_469_918_176_385)
        #expect(next.hasPrefix("01ARYZ6S41") && next > String(id.dropFirst(4)), "\(next) after \(id)")
        var fresh = ULIDGenerator()
        #expect(fresh.next(nowMillis: 1).hasPrefix("0000000001"))
    }
}

struct PointsValuationTests {
    @Test(arguments: [
        (Int64(1500), Int64(100), "CNY", Int64(1500)),   // 1500 points at 100/yuan = 15.00 CNY
        (1, 100, "CNY", 1), (1, 200, "CNY", 0),           // 0.5 fen rounds to even 0
        (3, 200, "CNY", 2),                               // 1.5 fen rounds to even 2
        (5, 200, "CNY", 2),                               // 2.5 fen rounds to even 2
        (7, 200, "CNY", 4),                               // 3.5 fen rounds to even 4
        (1, 3, "JPY", 0), (2, 3, "JPY", 1), (-3, 200, "CNY", -2),
        (Int64.max, 1, "BHD", nil as Int64?), (Int64.max, 1000, "BHD", Int64.max),
    ] as [(Int64, Int64, String, Int64?)])
    func roundsHalfToEven(points: Int64, rate: Int64, currency: String, expected: Int64?) {
        #expect(PointsValuation.value(points: points, exchangeRate: rate, currency: Currency(code: currency)!) == expected)
    }
}
