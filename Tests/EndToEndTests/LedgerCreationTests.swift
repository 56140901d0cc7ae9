import Foundation
import Testing

/// SPEC §4: a run never creates a ledger by accident. Cron started in the wrong directory must
/// not start an empty ledger and report that the books balance.
struct LedgerCreationTests {
    // PostgreSQL's "no ledger in an existing database": PostgresEndToEndTests.
    @Test(.enabled(if: TestBackend.isSQLite, "a missing file and the default path are SQLite's"))
    func aRunWithoutCreateDbOnAMissingLedgerExitsTwoAndCreatesNothing() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.run(box.nightArguments(), createLedger: false)
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.contains("no ledger at \(box.db); give --db, or --create-db to start a new one"), "\(outcome)")
        #expect(lastLine(outcome) == "exit 2: usage error or unreadable input; nothing was applied", "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: box.db), "no ledger was created")
        #expect(!FileManager.default.fileExists(atPath: box.latest.path), "no report was published")

        // The default path too: ledger.sqlite in the working directory.
        let plain = try box.run(["run", "--transfers", "transfers.csv"], createLedger: false)
        #expect(plain.status == 2, "\(plain)")
        #expect(plain.stderr.contains("no ledger at ledger.sqlite"), "\(plain)")
        #expect(!FileManager.default.fileExists(atPath: box.db))
    }

    /// An empty file (e.g. `touch ledger.sqlite`) is no ledger either.
    @Test(.enabled(if: TestBackend.isSQLite, TestBackend.sqliteFileOnly))
    func anEmptyFileIsNoLedger() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("ledger.sqlite", "")
        let outcome = try box.run(box.nightArguments(), createLedger: false)
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.contains("no ledger at \(box.db) (the file is empty)"), "\(outcome)")
        #expect(try Data(contentsOf: box.url("ledger.sqlite")).isEmpty)
    }

    /// `--create-db` starts a ledger, and is a no-op once it exists.
    @Test func createDbIsANoOpWhenTheLedgerExists() throws {
        let box = try Sandbox()
        try box.copySamples()
        let first = try box.run(box.nightArguments() + ["--create-db"])
        #expect(first.status == 0, "\(first)")
        #expect(try box.transferEntries() == 8)
        let again = try box.run(box.nightArguments() + ["--create-db"])
        #expect(again.status == 0, "\(again)")
        #expect(try box.transferEntries() == 8, "the same ledger, not a new one")
        #expect(try box.summary().applied == 0, "\(again)")
        let without = try box.run(box.nightArguments(), createLedger: false)
        #expect(without.status == 0, "an existing ledger needs no --create-db: \(without)")
    }

    /// A first night that fails on its input leaves no half-made ledger behind.
    @Test func aFailedFirstNightLeavesNoLedger() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.run(box.nightArguments(transfers: ["missing.csv"]))
        #expect(outcome.status == 2, "\(outcome)")
        #expect(try !box.hasLedger())
    }

    /// `verify` and the queries never create a ledger.
    @Test(arguments: [
        ["verify"], ["transactions", "--tenant", "t", "--user", "u"], ["accounts", "--tenant", "t"],
    ])
    func readingCommandsNeverCreateOne(_ command: [String]) throws {
        let box = try Sandbox()
        let outcome = try box.run(command + ["--db", box.db])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(try !box.hasLedger(), "\(command)")
    }
}

/// The last line a command printed on stdout.
func lastLine(_ outcome: BinaryOutcome) -> String {
    outcome.stdout.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
}
