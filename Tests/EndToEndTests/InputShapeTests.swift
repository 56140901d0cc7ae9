import Foundation
import Testing

/// SPEC §3: a BOM, CRLF line ends, upper-case column names in another order and unknown columns
/// change nothing about what a night does.
struct InputShapeTests {
    @Test func aWindowsExportOfTheSampleNightGivesTheSameResults() throws {
        let plain = try Sandbox(), windows = try Sandbox()
        try plain.copySamples()
        try windows.copySamples()
        for name in Product.sampleFiles {
            let table = try CSVTable(contentsOf: windows.url(name))
            // Columns reversed, names upper-cased, one unknown column, CRLF, a BOM.
            let header = table.header.reversed().map { $0.uppercased() } + ["Exported_By"]
            let rows = table.rows.map { $0.reversed() + ["excel"] }
            let text = CSVTable(header: header, rows: rows).csvText.replacingOccurrences(of: "\n", with: "\r\n")
            try windows.write(name, "\u{FEFF}" + text)
        }
        let expected = try plain.runNight()
        let exported = try windows.runNight()
        #expect(expected.status == 0, "\(expected)")
        #expect(exported.status == 0, "\(exported)")

        let summary = try windows.summary()
        #expect(summary.applied == 8 && summary.duplicate == 1 && summary.rejected == 9)
        #expect(summary.failedChecks.isEmpty, "\(windows.breaksText)")
        let inputs = try #require(summary.json["inputs"] as? [[String: Any]])
        #expect(inputs.allSatisfy { ($0["unknown_columns"] as? [String])?.map { $0.lowercased() } == ["exported_by"] },
                "each file's unknown column is reported: \(inputs)")

        for name in ["results.csv", "balances.csv", "trial_balance.csv"] {
            let masks = ["results.csv": ["transfer_id"], "balances.csv": ["account_id"]][name] ?? []
            let tables = try [plain, windows].map { try $0.report(name).maskingIDs(in: masks) }
            if name == "results.csv" {
                // Same rows, lines and derived keys; only run ids inside messages differ.
                let ignored = Set(["message"].map { try! tables[0].index(of: $0) })
                let strip = { (table: CSVTable) in table.rows.map { $0.enumerated().filter { !ignored.contains($0.offset) }.map(\.element) } }
                #expect(strip(tables[0]) == strip(tables[1]))
            } else {
                #expect(tables[0] == tables[1], "\(name)")
            }
        }
    }
}
