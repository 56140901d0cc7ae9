import Foundation
import Testing

/// Scenario 5: an input file that cannot be read as a whole (SPEC §3): exit 2, a one-line error
/// naming the file and the column, and nothing applied from any file of the run.
struct InputErrorTests {
    struct MissingColumn: Sendable, CustomTestStringConvertible {
        var file: String
        var column: String
        var testDescription: String { "\(file) without \(column)" }
    }

    static let missingColumns = [
        MissingColumn(file: "transfers.csv", column: "amount"),
        MissingColumn(file: "transfers.csv", column: "from_user_id"),
        MissingColumn(file: "accounts.csv", column: "balance"),
        MissingColumn(file: "tenants.csv", column: "transfer_enabled"),
        MissingColumn(file: "expected_balances.csv", column: "balance"),
    ]

    @Test(arguments: missingColumns)
    func aMissingRequiredColumnStopsTheRunBeforeAnythingIsApplied(_ missing: MissingColumn) throws {
        let box = try Sandbox()
        try box.copySamples()
        let broken = "broken-" + missing.file
        try box.write(broken, try CSVTable(contentsOf: box.url(missing.file)).dropping(missing.column).csvText)
        var files = Dictionary(uniqueKeysWithValues: Product.sampleFiles.map { ($0, $0) })
        files[missing.file] = broken

        let outcome = try box.runNight(tenants: files["tenants.csv"], accounts: [files["accounts.csv"]!],
                                       transfers: [files["transfers.csv"]!], expected: files["expected_balances.csv"])
        #expect(outcome.status == 2, "\(outcome)")
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "one line on stderr:\n\(outcome.stderr)")
        #expect(outcome.stderr.contains(broken), "the error names the file:\n\(outcome.stderr)")
        #expect(outcome.stderr.contains(missing.column), "the error names the column:\n\(outcome.stderr)")
        try expectNothingApplied(box)
    }

    @Test func aMissingInputFileStopsTheRunBeforeAnythingIsApplied() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight(transfers: ["transfers.csv", "no-such-night.csv"])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("no-such-night.csv"))
        try expectNothingApplied(box)
    }

    @Test func aRepeatedColumnNameStopsTheRun() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("twice.csv", "kind,tenant_id,from_user_id,to_user_id,amount,Amount\n"
                      + "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,2.00\n")
        let outcome = try box.runNight(transfers: ["twice.csv"])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.contains("twice.csv"))
        try expectNothingApplied(box)
    }

    /// No database, or one without a single account or entry (not even the openings of the
    /// accounts file given in the same run), and no report published.
    func expectNothingApplied(_ box: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if try box.hasLedger() {
            #expect(try box.count("SELECT COUNT(*) FROM transfers") == 0, sourceLocation: sourceLocation)
            #expect(try box.count("SELECT COUNT(*) FROM accounts") == 0, sourceLocation: sourceLocation)
            #expect(try box.count("SELECT COUNT(*) FROM tenants") == 0, sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: box.latest.path), "no report is published", sourceLocation: sourceLocation)
    }
}
