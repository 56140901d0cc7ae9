import Foundation
@testable import LedgerPostgres
import PostgresNIO
import Testing

/// The sample night (`samples/`) through the built binary on a fresh PostgreSQL database gives the
/// same reports as on a fresh SQLite file, apart from ids and times (SPEC §7); a dry run leaves the
/// database as it was, and a second run of the same night applies nothing again.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct SampleNightOnPostgresTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = root.appendingPathComponent("samples")
    static let comparedReports = ["results.csv", "rejections.csv", "balances.csv", "trial_balance.csv", "breaks.csv"]

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = DatabaseURLOptionTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "LEDGER_RECON_DB")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func night(_ database: String, reports: URL, extra: [String] = []) -> [String] {
        ["run", "--db", database, "--create-db",
         "--tenants", samples.appendingPathComponent("tenants.csv").path,
         "--accounts", samples.appendingPathComponent("accounts.csv").path,
         "--transfers", samples.appendingPathComponent("transfers.csv").path,
         "--expected", samples.appendingPathComponent("expected_balances.csv").path,
         "--reports", reports.path] + extra
    }

    /// A report with what differs between two ledgers of the same night blanked: ULIDs (transfer and
    /// account ids), run ids, and times the run took from the clock (ISO times with seconds are
    /// the inputs' own and stay).
    static func normalized(_ file: URL) throws -> String {
        var text = try String(contentsOf: file, encoding: .utf8)
        for (pattern, replacement) in [
            ("[0-9A-HJKMNP-TV-Z]{26}", "<ulid>"),
            ("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{4}(-dry)?", "<run>"),
        ] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    static func reports(of root: URL) -> URL { root.appendingPathComponent("latest") }

    @Test func theSampleNightGivesTheSameReportsAsOnSQLite() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-sample-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try Self.run(Self.night(directory.appendingPathComponent("ledger.sqlite").path,
                                             reports: directory.appendingPathComponent("sqlite")), in: directory)
        try PostgresTestServer.withFreshDatabase { location in
            let url = location.redactedURL
            // A dry run first: it reports the night and leaves the new ledger empty (its tables stay,
            // as SQLite keeps the file that holds the schema): no run, tenant, account or transfer.
            let dry = try Self.run(Self.night(url, reports: directory.appendingPathComponent("dry"), extra: ["--dry-run"]), in: directory)
            #expect(dry.status == sqlite.status, "\(dry.stderr)")
            let rows = try PostgresTestServer.withSession(location) { session in
                try session.rows("SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM tenants) + (SELECT count(*) FROM accounts) + (SELECT count(*) FROM transfers)") {
                    try $0.decode(Int64.self)
                }
            }
            #expect(rows == [0])
            let postgres = try Self.run(Self.night(url, reports: directory.appendingPathComponent("postgres")), in: directory)
            #expect(postgres.status == sqlite.status, "\(postgres.stderr)")
            #expect(postgres.stdout.split(separator: "\n").last == sqlite.stdout.split(separator: "\n").last)
            for report in Self.comparedReports {
                let expected = try Self.normalized(Self.reports(of: directory.appendingPathComponent("sqlite")).appendingPathComponent(report))
                let actual = try Self.normalized(Self.reports(of: directory.appendingPathComponent("postgres")).appendingPathComponent(report))
                #expect(actual == expected, "\(report)")
            }
            // The same night again, on both: every row a duplicate, the same reports.
            let sqliteAgain = try Self.run(Self.night(directory.appendingPathComponent("ledger.sqlite").path,
                                                      reports: directory.appendingPathComponent("sqlite-again")), in: directory)
            let again = try Self.run(Self.night(url, reports: directory.appendingPathComponent("again")), in: directory)
            #expect(again.status == sqliteAgain.status, "\(again.stderr)")
            for report in Self.comparedReports {
                let expected = try Self.normalized(Self.reports(of: directory.appendingPathComponent("sqlite-again"))
                    .appendingPathComponent(report))
                let actual = try Self.normalized(Self.reports(of: directory.appendingPathComponent("again")).appendingPathComponent(report))
                #expect(actual == expected, "\(report) of the second run")
            }
            let results = try String(contentsOf: Self.reports(of: directory.appendingPathComponent("again"))
                .appendingPathComponent("results.csv"), encoding: .utf8)
            #expect(!results.contains(",applied,"))
        }
    }

    /// A NUL byte in a transfer's description (SPEC §3: invalid_request) rejects the row as on
    /// SQLite; PostgreSQL, whose text cannot hold a NUL, records the rejection instead of failing.
    @Test func aNulByteInARowIsRejectedAsOnSQLite() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-nul-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var transfers = try Data(contentsOf: Self.samples.appendingPathComponent("transfers.csv"))
        let lines = transfers.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var second = Array(lines[1])
        // The description of the first transfer (after the header) gets a NUL in its middle.
        if let comma = second.lastIndex(of: UInt8(ascii: ",")) { second.insert(0, at: comma - 1) }
        transfers = Data(([Array(lines[0]), second] + lines.dropFirst(2).map(Array.init)).joined(separator: [UInt8(ascii: "\n")]))
        let file = directory.appendingPathComponent("transfers.csv")
        try transfers.write(to: file)
        func night(_ database: String, _ reports: String) -> [String] {
            ["run", "--db", database, "--create-db", "--tenants", Self.samples.appendingPathComponent("tenants.csv").path,
             "--accounts", Self.samples.appendingPathComponent("accounts.csv").path, "--transfers", file.path,
             "--reports", directory.appendingPathComponent(reports).path]
        }
        let sqlite = try Self.run(night(directory.appendingPathComponent("ledger.sqlite").path, "sqlite"), in: directory)
        try PostgresTestServer.withFreshDatabase { location in
            let postgres = try Self.run(night(location.redactedURL, "postgres"), in: directory)
            #expect(postgres.status == sqlite.status, "\(postgres.stderr)")
            for report in ["results.csv", "rejections.csv", "balances.csv"] {
                let expected = try Self.normalized(Self.reports(of: directory.appendingPathComponent("sqlite")).appendingPathComponent(report))
                let actual = try Self.normalized(Self.reports(of: directory.appendingPathComponent("postgres")).appendingPathComponent(report))
                #expect(actual == expected, "\(report)")
            }
            let rejections = try String(contentsOf: Self.reports(of: directory.appendingPathComponent("postgres"))
                .appendingPathComponent("rejections.csv"), encoding: .utf8)
            #expect(rejections.contains("invalid_request"))
        }
    }
}
