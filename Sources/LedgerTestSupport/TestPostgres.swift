import Foundation

/// The private PostgreSQL cluster the tests run against (SPEC §7): `make test` starts one with
/// `scripts/pg-cluster.sh around` and passes its superuser URL in `LEDGER_RECON_TEST_POSTGRES_URL`.
/// Without it the PostgreSQL backend is not tested, and the suites say so.
///
/// Every test ledger is a database of its own (`createDatabase`), dropped when the test is done,
/// so parallel tests never share one. Databases are created, read and tampered with through
/// `psql`, as a person would: the tests never reach into the product's own connection code.
public enum TestPostgres {
    public static let environmentVariable = "LEDGER_RECON_TEST_POSTGRES_URL"

    /// The cluster's superuser URL (`postgresql://postgres@127.0.0.1:PORT/ledger`), nil without one.
    public static let adminURL: String? = ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }

    public static var isAvailable: Bool { adminURL != nil }

    /// Creates a new, empty database on the cluster and returns its URL.
    /// - Parameter prefix: the start of its name (lowercase letters and `_`), to tell whose it is.
    public static func createDatabase(prefix: String) throws -> String {
        guard let adminURL else { throw TestPostgresError.noServer }
        let name = prefix + "_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try psql(adminURL, ["-c", "CREATE DATABASE \(name)"])
        return try url(adminURL, database: name)
    }

    /// Drops the database `url` names, closing whatever connections a killed run left on it.
    public static func dropDatabase(_ url: String) {
        guard let adminURL, let name = URLComponents(string: url)?.path.dropFirst(), !name.isEmpty else { return }
        _ = try? psql(adminURL, ["-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
    }

    /// Rows of a one-column query, as text (`psql -At`): a number as its digits, a boolean as `t`/`f`,
    /// NULL as the empty string.
    public static func strings(_ sql: String, in url: String) throws -> [String] {
        let output = try psql(url, ["-At", "-c", sql])
        return output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// One integer (e.g. a COUNT(*)).
    public static func integer(_ sql: String, in url: String) throws -> Int {
        let text = try strings(sql, in: url).first ?? ""
        guard let value = Int(text) else { throw TestPostgresError.notAnInteger(sql: sql, text: text) }
        return value
    }

    /// Runs SQL (one or several statements, one transaction) as a person editing the database by
    /// hand would: with the superuser's `session_replication_role = replica`, so the append-only
    /// triggers do not fire (SQLite's tests drop theirs for the same reason).
    public static func tamper(_ sql: String, in url: String) throws {
        try psql(url, ["-c", sql], environment: ["PGOPTIONS": "-c session_replication_role=replica"])
    }

    /// Runs SQL as an ordinary statement (triggers fire).
    public static func execute(_ sql: String, in url: String) throws {
        try psql(url, ["-c", sql])
    }

    /// `url` with another database name.
    public static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw TestPostgresError.badURL(url) }
        components.path = "/" + database
        guard let result = components.string else { throw TestPostgresError.badURL(url) }
        return result
    }

    /// The `psql` of the server's version (Debian keeps it beside initdb), else the one on PATH.
    public static let psqlPath: String = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        for version in versions.reversed() where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/psql") {
            return "\(root)/\(version)/bin/psql"
        }
        return "/usr/bin/psql"
    }()

    @discardableResult
    static func psql(_ url: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psqlPath)
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url] + arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both to the end before waiting, so a large answer cannot fill a pipe and stall psql.
        let errorData = LockedData()
        let errorReader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1_000) }
        guard process.terminationStatus == 0 else {
            throw TestPostgresError.psqlFailed(arguments: arguments, message: String(decoding: errorData.value, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// stderr as read by another thread.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}

public enum TestPostgresError: Error, CustomStringConvertible {
    case noServer
    case badURL(String)
    case psqlFailed(arguments: [String], message: String)
    case notAnInteger(sql: String, text: String)

    public var description: String {
        switch self {
        case .noServer: "no PostgreSQL server: set \(TestPostgres.environmentVariable) (make test starts one)"
        case .badURL(let url): "not a PostgreSQL URL: \(url)"
        case .psqlFailed(let arguments, let message): "psql \(arguments.joined(separator: " ")) failed: \(message)"
        case .notAnInteger(let sql, let text): "\(sql) gave \(text.debugDescription), not an integer"
        }
    }
}
