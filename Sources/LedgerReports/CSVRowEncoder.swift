/// Encodes one CSV report row straight into bytes, cell by cell, with the quoting and formula
/// guard of `CSVReportWriter` — for results.csv, whose million rows would otherwise cost an array
/// of cells and several Strings each.
///
/// One encoder is reused for every row (`reset()` keeps its capacity); the finished row goes to one
/// or more writers (`CSVReportWriter.write(_:)`): results.csv, and rejections.csv for a rejected row,
/// get the same bytes.
public struct CSVRowEncoder: Sendable {
    /// The row's bytes so far, without a line end.
    public private(set) var bytes: [UInt8] = []
    /// Cells encoded so far.
    public private(set) var cellCount = 0

    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// Starts a new row, keeping the buffer.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        cellCount = 0
    }

    /// Text copied from input: neutralised against spreadsheet formulas (SPEC §5), quoted if needed.
    public mutating func text(_ text: String) {
        separate()
        appendQuotedIfNeeded(FormulaGuard.neutralised(text))
    }

    /// A value we produced (status, code, an amount or time already formatted): written as it is,
    /// quoted if needed.
    public mutating func value(_ value: String) {
        separate()
        appendQuotedIfNeeded(value)
    }

    /// A value known at compile time (`applied`, a rejection code): never needs quotes.
    public mutating func value(_ value: StaticString) {
        separate()
        value.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A decimal integer (a line number).
    public mutating func integer(_ value: Int) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt128(value.magnitude), minimumDigits: 1)
    }

    /// An amount in minor units with the currency's `exponent` digits after the point (`12345`, 2 →
    /// `123.45`); the same text as `MoneyText.format`.
    public mutating func money(_ minorUnits: Int64, exponent: Int) {
        money(wide: Int128(minorUnits), exponent: exponent)
    }

    /// A total held wider than 64 bits, with `exponent` digits after the point; the same text as
    /// `MoneyText.format(wide:exponent:)` (balances.csv's eight amounts per account).
    public mutating func money(wide minorUnits: Int128, exponent: Int) {
        separate()
        if minorUnits < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = minorUnits.magnitude
        guard exponent > 0 else {
            appendDigits(magnitude, minimumDigits: 1)
            return
        }
        var scale: UInt128 = 1
        for _ in 0..<exponent { scale &*= 10 }
        let (whole, fraction) = magnitude.quotientAndRemainder(dividingBy: scale)
        appendDigits(whole, minimumDigits: 1)
        bytes.append(UInt8(ascii: "."))
        appendDigits(fraction, minimumDigits: exponent)
    }

    /// An empty cell.
    public mutating func empty() {
        separate()
    }

    private mutating func separate() {
        if cellCount > 0 { bytes.append(UInt8(ascii: ",")) }
        cellCount += 1
    }

    private mutating func appendDigits(_ value: UInt128, minimumDigits: Int) {
        // 39 digits hold any UInt128; written right to left into a stack tuple. Below 2⁶⁴ (every
        // amount, nearly every total) the digits come from 64-bit divisions, several times faster.
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { scratch in
            var position = scratch.count
            if let small = UInt64(exactly: value) {
                CSVRowEncoder.writeDigits(small, into: scratch, before: &position)
            } else {
                CSVRowEncoder.writeDigits(value, into: scratch, before: &position)
            }
            while scratch.count - position < minimumDigits, position > 0 {
                position -= 1
                scratch[position] = UInt8(ascii: "0")
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[position...]))
        }
    }

    /// `value`'s decimal digits, right to left, ending just before `position` (moved to the first).
    private static func writeDigits<Digits: UnsignedInteger>(_ value: Digits, into scratch: UnsafeMutableRawBufferPointer,
                                                             before position: inout Int) {
        var rest = value
        repeat {
            position -= 1
            scratch[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest > 0
    }

    private mutating func appendQuotedIfNeeded(_ field: String) {
        CSVRowEncoder.appendField(field, to: &bytes)
    }

    /// RFC 4180: the field as it is, or in double quotes (inner quotes doubled) when it holds a
    /// comma, a quote or a line break. Every CSV report writes its fields through this.
    static func appendField(_ field: String, to bytes: inout [UInt8]) {
        var field = field
        field.withUTF8 { utf8 in
            var needsQuotes = false
            for byte in utf8 where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 10 || byte == 13 {
                needsQuotes = true
                break
            }
            guard needsQuotes else {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }
}
