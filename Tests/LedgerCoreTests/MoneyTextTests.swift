import LedgerCore
import PropertyBased
import Testing

struct MoneyTextTests {
    /// (text, exponent, minor units) that must parse.
    static let valid: [(String, Int, Int64)] = [
        ("100", 2, 10_000), ("100.00", 2, 10_000), ("100.0", 2, 10_000), ("0.01", 2, 1), ("0.1", 2, 10),
        ("1", 2, 100), ("12.5", 2, 1250), ("007.50", 2, 750), ("01", 2, 100), ("00.11", 2, 11),
        ("92233720368547758.07", 2, Int64.max), ("9223372036854775807", 0, Int64.max),
        ("100", 0, 100), ("1", 0, 1), ("0.500", 3, 500), ("1.5", 3, 1500), ("0.001", 3, 1),
        ("123456789.12", 2, 12_345_678_912), ("4.5", 2, 450), ("0.10", 2, 10),
    ]

    /// (text, exponent, expected error) that must be refused — never rounded, never guessed.
    static let invalid: [(String, Int, MoneyText.ParseError)] = [
        ("1,000.00", 2, .notPlainDigits("1,000.00")), ("1.000,00", 2, .notPlainDigits("1.000,00")),
        ("1e3", 2, .notPlainDigits("1e3")), ("1E3", 2, .notPlainDigits("1E3")), ("+5", 2, .notPlainDigits("+5")),
        ("-5", 2, .notPlainDigits("-5")), ("12.", 2, .notPlainDigits("12.")), (".5", 2, .notPlainDigits(".5")),
        ("100.000", 2, .tooManyDecimals("100.000", allowed: 2)), ("1.234567", 2, .tooManyDecimals("1.234567", allowed: 2)),
        ("１００", 2, .notPlainDigits("１００")), ("١٢", 2, .notPlainDigits("١٢")), ("1,7", 2, .notPlainDigits("1,7")),
        ("200.000.000", 2, .notPlainDigits("200.000.000")), ("0", 2, .notPositive("0")), ("0.00", 2, .notPositive("0.00")),
        ("000", 0, .notPositive("000")), ("", 2, .empty), (" 5", 2, .notPlainDigits(" 5")), ("5 ", 2, .notPlainDigits("5 ")),
        ("1 000", 2, .notPlainDigits("1 000")), ("NaN", 2, .notPlainDigits("NaN")), ("Infinity", 2, .notPlainDigits("Infinity")),
        ("0x10", 2, .notPlainDigits("0x10")), ("1.2.3", 2, .notPlainDigits("1.2.3")), ("..5", 2, .notPlainDigits("..5")),
        ("$5", 2, .notPlainDigits("$5")), ("5元", 2, .notPlainDigits("5元")), ("NULL", 2, .notPlainDigits("NULL")),
        ("N/A", 2, .notPlainDigits("N/A")), (".", 2, .notPlainDigits(".")), ("100.5", 0, .tooManyDecimals("100.5", allowed: 0)),
        ("100.0", 0, .tooManyDecimals("100.0", allowed: 0)), ("1.0000", 3, .tooManyDecimals("1.0000", allowed: 3)),
        ("92233720368547758.08", 2, .tooLarge("92233720368547758.08")), ("9223372036854775808", 0, .tooLarge("9223372036854775808")),
        ("99999999999999999999999", 2, .tooLarge("99999999999999999999999")), ("92233720368547759", 2, .tooLarge("92233720368547759")),
        ("5\u{0}", 2, .notPlainDigits("5\u{0}")), ("٥", 0, .notPlainDigits("٥")),
    ]

    @Test(arguments: valid)
    func parsesPlainDecimals(text: String, exponent: Int, expected: Int64) throws {
        #expect(try MoneyText.parsePositive(text, exponent: exponent) == expected)
    }

    @Test(arguments: invalid)
    func refusesAnythingElse(text: String, exponent: Int, expected: MoneyText.ParseError) {
        #expect(throws: expected) { try MoneyText.parsePositive(text, exponent: exponent) }
    }

    @Test func formatsWithTheCurrencysDigits() {
        #expect(MoneyText.format(10_000, exponent: 2) == "100.00")
        #expect(MoneyText.format(100, exponent: 0) == "100")
        #expect(MoneyText.format(500, exponent: 3) == "0.500")
        #expect(MoneyText.format(5, exponent: 2) == "0.05")
        #expect(MoneyText.format(-5, exponent: 2) == "-0.05")
        #expect(MoneyText.format(0, exponent: 2) == "0.00")
        #expect(MoneyText.format(Int64.min, exponent: 2) == "-92233720368547758.08")
        #expect(Asset(currency: Currency(code: "BHD")!).format(500) == "0.500")
        #expect(Asset(pointsType: "cash_equivalent").format(1500) == "1500")
    }

    @Test func formatThenParseIsIdentity() async {
        await propertyCheck(count: 2000, input: Gen.int64(in: 1...Int64.max), Gen.int(in: 0...3)) { value, exponent in
            #expect((try? MoneyText.parsePositive(MoneyText.format(value, exponent: exponent), exponent: exponent)) == value)
        }
    }

    @Test func unknownCurrenciesAreRefused() {
        #expect(Currency(code: "CNY")?.exponent == 2)
        #expect(Currency(code: "JPY")?.exponent == 0)
        #expect(Currency(code: "KWD")?.exponent == 3)
        #expect(Currency(code: "XXX") == nil)
        #expect(Currency(code: "cny") == nil)
    }
}
