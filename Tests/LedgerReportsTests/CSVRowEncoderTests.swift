import Foundation
import LedgerCore
import LedgerReports
import Testing

/// results.csv's rows are encoded straight into bytes; they must read exactly as the cell writer
/// would have written them.
struct CSVRowEncoderTests {
    @Test(arguments: [
        (Int64(0), 2), (1, 2), (10, 2), (12_345, 2), (-5, 2), (7, 0), (1_000, 3), (Int64.max, 2), (Int64.min, 2), (Int64.min, 0),
    ])
    func moneyReadsAsMoneyText(minorUnits: Int64, exponent: Int) {
        var row = CSVRowEncoder()
        row.money(minorUnits, exponent: exponent)
        #expect(String(decoding: row.bytes, as: UTF8.self) == MoneyText.format(minorUnits, exponent: exponent))
    }

    /// balances.csv's totals are held in 128 bits: beyond 2⁶⁴ the digits take the wide path.
    static let wideTotals: [(Int128, Int)] = [
        (0, 2), (-1, 2), (Int128(Int64.max) * 3, 2), (-(Int128(UInt64.max) + 1), 2), (Int128(UInt64.max), 0),
        (Int128.max, 2), (Int128.min, 2), (Int128.min, 0), (Int128(Int64.min) * Int128(Int64.max), 18), (123, 18),
    ]

    @Test(arguments: wideTotals)
    func wideMoneyReadsAsMoneyText(minorUnits: Int128, exponent: Int) {
        var row = CSVRowEncoder()
        row.money(wide: minorUnits, exponent: exponent)
        #expect(String(decoding: row.bytes, as: UTF8.self) == MoneyText.format(wide: minorUnits, exponent: exponent))
    }

    @Test func cellsAreQuotedAndGuardedAsTheCellWriterDoes() throws {
        let cells: [(text: String, isInput: Bool)] = [
            ("plain", true), ("a, b", true), ("say \"hi\"", true), ("two\nlines", true), ("=1+2", true), ("=1+2", false),
            ("＠cmd", true), ("\u{200B}-x", true), ("", true), ("积分, 返还", true),
        ]
        var row = CSVRowEncoder()
        for cell in cells {
            if cell.isInput { row.text(cell.text) } else { row.value(cell.text) }
        }
        row.integer(-42)
        row.empty()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("encoder-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let header = (0..<(cells.count + 2)).map { "c\($0)" }
        let encodedPath = directory + "/encoded.csv", cellsPath = directory + "/cells.csv"
        let encoded = try CSVReportWriter(path: encodedPath, header: header, trailing: [(name: "dry_run", value: "true")])
        try encoded.write(row, tenantID: "")
        try encoded.close()
        let reference = try CSVReportWriter(path: cellsPath, header: header, trailing: [(name: "dry_run", value: "true")])
        try reference.write(cells.map { $0.isInput ? .text($0.text) : .value($0.text) } + [.value("-42"), .value("")])
        try reference.close()
        #expect(try String(contentsOfFile: encodedPath, encoding: .utf8) == String(contentsOfFile: cellsPath, encoding: .utf8))
        #expect(row.cellCount == cells.count + 2)
    }
}
