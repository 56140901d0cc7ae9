import Foundation
import Testing

/// Headers that are almost right stop the run before anything is applied (SPEC §3; issue 7
/// item 5): a misspelt column would otherwise be ignored — a misspelt `idempotency_key` applies a
/// retried row twice — and a semicolon file would be told a column it has is missing.
struct HeaderMistakeRunTests {
    struct Mistake: Sendable, CustomTestStringConvertible {
        var file: String
        var from: String
        var to: String
        var says: String
        var testDescription: String { "\(file): \(to)" }
    }

    static let mistakes = [
        Mistake(file: "transfers.csv", from: "idempotency_key", to: "idempotencykey", says: "did you mean 'idempotency_key'?"),
        Mistake(file: "transfers.csv", from: "idempotency_key", to: "Idempotency Key", says: "did you mean 'idempotency_key'?"),
        Mistake(file: "transfers.csv", from: "from_user_id", to: "from_userid", says: "did you mean 'from_user_id'?"),
        Mistake(file: "tenants.csv", from: "points_type", to: "pointstype", says: "did you mean 'points_type'?"),
        Mistake(file: "accounts.csv", from: "frozen_balance", to: "frozen-balanse", says: "did you mean 'frozen_balance'?"),
        Mistake(file: "expected_balances.csv", from: "currency", to: "curency", says: "did you mean 'currency'?"),
    ]

    @Test(arguments: mistakes)
    func aNearMissColumnStopsTheRun(_ mistake: Mistake) throws {
        let box = try Sandbox()
        try box.copySamples()
        let text = try box.read(mistake.file)
        let firstLine = try #require(text.split(separator: "\n", maxSplits: 1).first)
        let header = firstLine.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0 == mistake.from ? mistake.to : String($0) }.joined(separator: ",")
        try box.write(mistake.file, header + text.dropFirst(firstLine.count))
        let outcome = try box.runNight()
        #expect(outcome.status == 2, "\(outcome)")
        let errors = outcome.stderr.split(separator: "\n")
        #expect(errors.count == 1, "one line:\n\(outcome.stderr)")
        #expect(outcome.stderr.contains("\(mistake.file):1: unknown column '\(mistake.to)'"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(mistake.says), "\(outcome.stderr)")
        try expectNothingApplied(box)
    }

    /// Saved with `;` (or tabs, or `|`): the message names the delimiter, not a missing column.
    @Test(arguments: [(";", "semicolons (';')"), ("\t", "tabs"), ("|", "vertical bars ('|')")])
    func anotherDelimiterStopsTheRunNamingIt(delimiter: String, name: String) throws {
        let box = try Sandbox()
        try box.copySamples()
        let text = "kind;tenant_id;from_user_id;to_user_id;amount;currency\n"
            + "wallet;tnt_sh_tea;usr_li_wei;usr_wang_fang;1.00;CNY\n"
        try box.write("semi.csv", text.replacingOccurrences(of: ";", with: delimiter))
        let outcome = try box.runNight(transfers: ["semi.csv"])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("semi.csv:1: the header is separated by \(name), not commas"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("missing required column"))
        try expectNothingApplied(box)
    }

    /// An unknown column that resembles no absent column is still ignored and reported once.
    @Test func anUnrelatedColumnIsStillIgnored() throws {
        let box = try Sandbox()
        try box.copySamples()
        let text = try box.read("transfers.csv")
        let lines = text.split(separator: "\n").enumerated().map { $0.offset == 0 ? $0.element + ",batch_note" : $0.element + ",x" }
        try box.write("transfers.csv", lines.joined(separator: "\n") + "\n")
        let outcome = try box.runNight()
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr.contains("ignoring unknown columns batch_note"), "\(outcome.stderr)")
    }

    func expectNothingApplied(_ box: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if try box.hasLedger() {
            #expect(try box.count("SELECT COUNT(*) FROM transfers") == 0, sourceLocation: sourceLocation)
            #expect(try box.count("SELECT COUNT(*) FROM tenants") == 0, sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: box.latest.path), "no report is published", sourceLocation: sourceLocation)
    }
}
