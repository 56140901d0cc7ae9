import Foundation
import LedgerTestSupport
import Testing

/// What only a PostgreSQL ledger has (SPEC §4, §7; issue 10): the database exists before the
/// ledger does, so `--create-db` creates the ledger's tables in an existing, empty database, and
/// without it a database with no ledger is refused like a missing SQLite file. The other
/// PostgreSQL behaviours (lock, crash, resume, dry run) are the shared suites on this backend.
@Suite(.enabled(if: TestBackend.isPostgreSQL, "the PostgreSQL pass of the end-to-end suite (LEDGER_RECON_TEST_BACKEND=postgresql)"))
struct PostgresEndToEndTests {
    @Test func anEmptyDatabaseIsNoLedgerUntilCreateDb() throws {
        let box = try Sandbox()
        try box.copySamples()
        let refused = try box.run(box.nightArguments(), createLedger: false)
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("no ledger") && refused.stderr.contains(box.ledgerName) && refused.stderr.contains("--create-db"),
                "one line naming the database and what to do: \(refused.stderr)")
        #expect(lastLine(refused) == "exit 2: usage error or unreadable input; nothing was applied", "\(refused)")
        #expect(try !box.hasLedger(), "no tables were created")
        #expect(try TestPostgres.strings("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'", in: box.db) == ["0"])

        let created = try box.run(box.nightArguments() + ["--create-db"])
        #expect(created.status == 0, "\(created)")
        #expect(try box.transferEntries() == 8)
    }

    /// A database holding another application's tables is not a ledger, and `--create-db` does
    /// not mix the ledger's tables into it.
    @Test func aDatabaseOfAnotherApplicationIsRefused() throws {
        let box = try Sandbox()
        try box.copySamples()
        try TestPostgres.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)", in: box.db)
        let refused = try box.run(box.nightArguments() + ["--create-db"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("invoices"), "names what it found: \(refused.stderr)")
        #expect(try !box.hasLedger())
    }

    /// The URL's password never reaches a report or a message (SPEC §7 errors).
    @Test func aPasswordInTheURLIsNeverPrinted() throws {
        let box = try Sandbox()
        try box.copySamples()
        var components = try #require(URLComponents(string: box.db))
        components.password = "s3cret-pw"
        let withPassword = try #require(components.string)
        // The cluster's superuser signs in without one (trust), so the run goes through.
        let outcome = try box.run(["run", "--db", withPassword, "--tenants", "tenants.csv", "--accounts", "accounts.csv",
                                   "--transfers", "transfers.csv", "--expected", "expected_balances.csv"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(!outcome.stdout.contains("s3cret-pw") && !outcome.stderr.contains("s3cret-pw"), "\(outcome)")
        let directory = try box.latestRunDirectory()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let text = (try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)) ?? ""
            #expect(!text.contains("s3cret-pw"), "\(file) holds the password")
        }
        let runs = try box.run(["runs", "--db", box.db])
        #expect(!runs.stdout.contains("s3cret-pw"), "\(runs)")
    }
}
