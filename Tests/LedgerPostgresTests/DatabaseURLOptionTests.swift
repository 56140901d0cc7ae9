import Foundation
import Testing

/// `--db postgresql://…` and `LEDGER_RECON_DB` through the built binary (SPEC §4): a malformed URL
/// is a usage error naming the problem, and no message ever shows the password.
@Suite struct DatabaseURLOptionTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["LEDGER_RECON_BIN"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/ledger-recon")
    }()

    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "LEDGER_RECON_DB")
        environment.merge(extra) { $1 }
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

    @Test(arguments: [
        ("postgresql://ledger:Tr0ub4dor@127.0.0.1:99999/books", "the port '99999'"),
        ("postgresql://ledger:Tr0ub4dor@127.0.0.1:5432/books?sslmode=sometimes", "sslmode 'sometimes'"),
        ("postgres://ledger:Tr0ub4dor@127.0.0.1:5432", "no database name"),
    ])
    func aMalformedURLIsAUsageErrorWithoutThePassword(_ url: String, _ problem: String) throws {
        for (arguments, environment) in [(["runs", "--db", url], [:]), (["runs"], ["LEDGER_RECON_DB": url])] {
            let outcome = try run(arguments, environment: environment)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains(problem), "\(outcome.stderr)")
            #expect(outcome.stderr.contains("postgresql://ledger:***@127.0.0.1") || outcome.stderr.contains("postgres://ledger:***@127.0.0.1"))
            #expect(!(outcome.stderr + outcome.stdout).contains("Tr0ub4dor"))
            #expect(outcome.stdout.hasSuffix("exit 2: usage error or unreadable input; nothing was applied\n"))
        }
    }

    /// A well-formed URL is opened as PostgreSQL (never as a file of that name): an unreachable
    /// server is one line naming host, port and database, exit 2, without the password.
    @Test func aWellFormedURLIsNotTakenForAFileName() throws {
        let port = PostgresTestServer.closedPort()
        let url = "postgresql://ledger:Tr0ub4dor@127.0.0.1:\(port)/books"
        let outcome = try run(["run", "--db", url, "--tenants", "/nonexistent/tenants.csv"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot reach the PostgreSQL server at 127.0.0.1:\(port) for database 'books'"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("no ledger at"))
        #expect(!(outcome.stderr + outcome.stdout).contains("Tr0ub4dor"))
        #expect(outcome.stdout.hasSuffix("exit 2: usage error or unreadable input; nothing was applied\n"))
    }
}
