import Foundation
import GRDB
import LedgerTestSupport
import Testing

/// One test's private working directory: the binary runs with it as its current directory, the
/// ledger is `db` (`<dir>/ledger.sqlite`, or on PostgreSQL a fresh, empty database of its own,
/// `TestBackend`) and reports go to `<dir>/reports`. Removed (the database dropped) when released,
/// so parallel tests never share a ledger.
final class Sandbox {
    let root: URL
    /// The ledger `--db` names: the file's absolute path, or the PostgreSQL database's URL.
    let db: String
    let backend: TestBackend

    init(backend: TestBackend = .current) throws {
        self.backend = backend
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("ledger-recon-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        switch backend {
        case .sqlite: db = root.appendingPathComponent("ledger.sqlite").path
        case .postgresql: db = try TestPostgres.createDatabase(prefix: "e2e")
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
        if backend == .postgresql { TestPostgres.dropDatabase(db) }
    }

    /// What an error about the ledger names: the file's path, or the PostgreSQL database's name
    /// (messages name the host and database, never the URL with its password).
    var ledgerName: String {
        switch backend {
        case .sqlite: db
        case .postgresql: String(URLComponents(string: db)?.path.dropFirst() ?? "")
        }
    }

    // MARK: Files

    func url(_ name: String) -> URL { root.appendingPathComponent(name) }

    /// Copies the four sample files into the sandbox under their own names.
    func copySamples() throws {
        for name in Product.sampleFiles {
            try FileManager.default.copyItem(at: Product.samples.appendingPathComponent(name), to: url(name))
        }
    }

    /// Writes a text file into the sandbox.
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: url(name))
    }

    /// The text of a sandbox file.
    func read(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    // MARK: Running the binary

    /// Runs the binary to completion (killed after `timeoutSeconds`). `run` is given
    /// `--create-db` unless `createLedger` is false (see `RunningBinary`).
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], timeoutSeconds: Double = 120,
             createLedger: Bool = true) throws -> BinaryOutcome {
        try RunningBinary(arguments, in: root, environment: environment, createLedger: createLedger).wait(timeoutSeconds: timeoutSeconds)
    }

    /// Starts the binary and returns at once.
    func start(_ arguments: [String], createLedger: Bool = true) throws -> RunningBinary {
        try RunningBinary(arguments, in: root, createLedger: createLedger)
    }

    /// `run --db <db>` plus the given files (relative to the sandbox, so report texts do not
    /// depend on where the sandbox is) and extra options.
    func nightArguments(tenants: String? = "tenants.csv", accounts: [String] = ["accounts.csv"],
                        transfers: [String] = ["transfers.csv"], expected: String? = "expected_balances.csv",
                        extra: [String] = []) -> [String] {
        var arguments = ["run", "--db", db]
        if let tenants { arguments += ["--tenants", tenants] }
        for file in accounts { arguments += ["--accounts", file] }
        for file in transfers { arguments += ["--transfers", file] }
        if let expected { arguments += ["--expected", expected] }
        return arguments + extra
    }

    /// The sample night (or a variant of it) run to completion.
    @discardableResult
    func runNight(tenants: String? = "tenants.csv", accounts: [String] = ["accounts.csv"],
                  transfers: [String] = ["transfers.csv"], expected: String? = "expected_balances.csv",
                  extra: [String] = []) throws -> BinaryOutcome {
        try run(nightArguments(tenants: tenants, accounts: accounts, transfers: transfers, expected: expected, extra: extra))
    }

    // MARK: Reports

    var reportsRoot: URL { root.appendingPathComponent("reports", isDirectory: true) }
    var latest: URL { reportsRoot.appendingPathComponent("latest", isDirectory: true) }

    /// Where `reports/latest` points now: the run id's directory, resolved, so that a later run
    /// moving the link does not change it.
    func latestRunDirectory() throws -> URL {
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: latest.path)
        return reportsRoot.appendingPathComponent(target, isDirectory: true)
    }

    /// A CSV report of `directory` (default: reports/latest).
    func report(_ name: String, in directory: URL? = nil) throws -> CSVTable {
        try CSVTable(contentsOf: (directory ?? latest).appendingPathComponent(name))
    }

    /// summary.json of `directory` (default: reports/latest), parsed.
    func summary(in directory: URL? = nil) throws -> Summary {
        try Summary(contentsOf: (directory ?? latest).appendingPathComponent("summary.json"))
    }

    /// The report directory a command printed (`reports: <dir> …` on stdout): where `verify` and
    /// dry runs, which never move `reports/latest`, wrote.
    func reportDirectory(printedBy outcome: BinaryOutcome) throws -> URL {
        let line = outcome.stdout.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("reports:") }
        let path = try #require(line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first,
                                "no reports line in\n\(outcome)")
        return path.hasPrefix("/") ? URL(fileURLWithPath: String(path), isDirectory: true)
            : root.appendingPathComponent(String(path), isDirectory: true)
    }

    /// breaks.csv of reports/latest as text, for failure messages.
    var breaksText: String {
        (try? String(contentsOf: latest.appendingPathComponent("breaks.csv"), encoding: .utf8)) ?? "(no breaks.csv)"
    }

    // MARK: Database

    /// Opens the SQLite ledger file read-only (never creates it: a missing file is an error); only
    /// for tests that run on SQLite (`TestBackend.isSQLite`): the rest read through `strings`.
    func database() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: db, configuration: configuration)
    }

    /// The rows of a one-column query against the ledger as text, on either backend (a number as
    /// its digits, NULL as ""); write SQL both accept (`NOT is_system`, `||`).
    func strings(_ sql: String) throws -> [String] {
        switch backend {
        case .sqlite:
            return try database().read { db in
                try Row.fetchAll(db, sql: sql).map { row in
                    let value: DatabaseValue = row[0]
                    switch value.storage {
                    case .null: return ""
                    case .int64(let number): return String(number)
                    case .double(let number): return String(number)
                    case .string(let text): return text
                    case .blob(let data): return data.map { String(format: "%02x", $0) }.joined()
                    }
                }
            }
        case .postgresql:
            return try TestPostgres.strings(sql, in: db)
        }
    }

    /// An integer query against the ledger, e.g. a COUNT(*).
    func count(_ sql: String) throws -> Int {
        Int(try strings(sql).first ?? "") ?? 0
    }

    /// Edits the ledger as a person with write access would, past the append-only triggers
    /// (SQLite: dropped first; PostgreSQL: as the superuser, with triggers off), in one transaction.
    func tamper(_ sql: String) throws {
        switch backend {
        case .sqlite:
            try DatabaseQueue(path: db).writeWithoutTransaction { db in
                try db.execute(sql: HashChainTests.dropTriggers)
                try db.inTransaction {
                    try db.execute(sql: sql)
                    return .commit
                }
            }
        case .postgresql:
            try TestPostgres.tamper(sql, in: db)
        }
    }

    /// True when `db` holds a ledger (SQLite: the file exists; PostgreSQL: the ledger's tables do).
    func hasLedger() throws -> Bool {
        switch backend {
        case .sqlite: FileManager.default.fileExists(atPath: db)
        case .postgresql: try TestPostgres.strings("SELECT to_regclass('ledger_schema') IS NOT NULL", in: db) == ["t"]
        }
    }

    /// How many transfer entries the ledger holds.
    func transferEntries() throws -> Int {
        try count("SELECT COUNT(*) FROM transfers WHERE entry_type = 'transfer'")
    }

    /// What a run must not change: row counts and every account's state.
    func ledgerState() throws -> LedgerState {
        LedgerState(
            entries: Int(try strings("SELECT COUNT(*) FROM transfers").first ?? "") ?? -1,
            // Every account's records (legs): the sum of their last sequences.
            postings: Int(try strings("SELECT COALESCE(SUM(last_sequence), 0) FROM account_balances").first ?? "") ?? -1,
            runs: Int(try strings("SELECT COUNT(*) FROM runs").first ?? "") ?? -1,
            // One text per row; `|` parts are compared whole, so ids holding one stay apart enough.
            tenants: try strings("""
                SELECT tenant_id || '|' || name || '|' || CASE WHEN transfer_enabled THEN 1 ELSE 0 END || '|' || points_type || '|'
                    || exchange_rate || '|' || currency FROM tenants ORDER BY tenant_id
                """),
            accounts: try strings("""
                SELECT tenant_id || '|' || kind || '|' || asset || '|' || user_id || '|' || status || '|' || balance
                    || '|' || frozen_balance || '|' || total_earned || '|' || total_spent || '|' || version
                    || '|' || last_sequence FROM account_view ORDER BY id
                """)
        )
    }
}

/// Counts and account states of a ledger, compared before and after a run that must change nothing.
struct LedgerState: Equatable {
    var entries: Int
    var postings: Int
    var runs: Int
    var tenants: [String]
    var accounts: [String]
}

/// summary.json, read with JSONSerialization (the test does not share the product's types).
struct Summary {
    let json: [String: Any]

    init(contentsOf url: URL) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let json = object as? [String: Any] else { throw SummaryError.notAnObject }
        self.json = json
    }

    var runID: String? { json["run_id"] as? String }
    var dryRun: Bool? { json["dry_run"] as? Bool }
    var exitCode: Int? { json["exit_code"] as? Int }

    private var counts: [String: Any] { json["counts"] as? [String: Any] ?? [:] }
    var read: Int? { counts["read"] as? Int }
    var applied: Int? { counts["applied"] as? Int }
    var duplicate: Int? { counts["duplicate"] as? Int }
    var rejected: Int? { counts["rejected"] as? Int }
    var rejectedByCode: [String: Int]? { counts["rejected_by_code"] as? [String: Int] }

    /// name → (status, violations) for every check listed.
    var checks: [String: (status: String, violations: Int)] {
        var result: [String: (status: String, violations: Int)] = [:]
        for check in json["checks"] as? [[String: Any]] ?? [] {
            guard let name = check["name"] as? String else { continue }
            result[name] = (check["status"] as? String ?? "?", check["violations"] as? Int ?? -1)
        }
        return result
    }

    /// Names of the checks whose status is not `pass`.
    var failedChecks: [String] { checks.filter { $0.value.status != "pass" }.map(\.key).sorted() }

    /// The summary without the fields that legitimately differ between two runs of the same data,
    /// re-encoded with sorted keys so two summaries compare as text.
    func comparable(ignoring keys: [String] = ["run_id", "started_at", "finished_at", "reports"]) throws -> String {
        var trimmed = json
        for key in keys { trimmed.removeValue(forKey: key) }
        let data = try JSONSerialization.data(withJSONObject: trimmed, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }
}

enum SummaryError: Error {
    case notAnObject
}

/// Every check of SPEC §5, as summary.json names them.
let allCheckNames = [
    "entries_balanced", "trial_balance", "account_matches_postings", "balance_chain", "no_negative_balance",
    "points_identity", "input_accounted", "inputs_valid", "snapshot_matches", "expected_balances",
]

/// The seven rejection codes of SPEC §2.
let allRejectionCodes = [
    "invalid_request", "invalid_amount", "idempotency_conflict", "not_found", "transfer_disabled", "account_inactive",
    "insufficient_balance",
]
