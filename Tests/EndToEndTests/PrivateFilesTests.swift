import Foundation
import GRDB
import Testing

/// SPEC §5, §6: money data is private and reports are never redirected or mixed up: the ledger
/// is 0600 and reports 0750/0640 whatever the umask; dry runs and `verify` leave `reports/latest`
/// on the last real run; a killed run's temporary directory is cleaned up; `verify` runs SQLite's
/// integrity check.
struct PrivateFilesTests {
    /// Under cron's umask (or none at all) the ledger and the reports are still private.
    @Test func theLedgerAndReportsArePrivateWhateverTheUmask() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try Self.runWithUmask("000", box: box, arguments: ["run", "--create-db"] + box.nightArguments().dropFirst())
        #expect(outcome == 0)
        if box.backend == .sqlite { #expect(try LockBypassTests.mode(box.db) == 0o600) }
        #expect(try LockBypassTests.mode(box.reportsRoot.path) == 0o750)
        let reports = try box.latestRunDirectory()
        #expect(try LockBypassTests.mode(reports.path) == 0o750)
        let files = try FileManager.default.contentsOfDirectory(atPath: reports.path)
        #expect(files.contains("summary.json") && files.contains("results.csv"))
        for file in files {
            #expect(try LockBypassTests.mode(reports.appendingPathComponent(file).path) == 0o640, "\(file)")
        }
    }

    /// Dry runs and `verify` write their own directories and never move `reports/latest`.
    @Test func dryRunsAndVerifyLeaveLatestOnTheLastRun() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let real = try box.latestRunDirectory()

        let dry = try box.runNight(extra: ["--dry-run"])
        #expect(dry.status == 0, "\(dry)")
        #expect(try box.latestRunDirectory() == real, "a dry run does not move latest")
        let dryReports = try box.reportDirectory(printedBy: dry)
        #expect(dryReports.lastPathComponent.hasSuffix("-dry"))
        #expect(try box.summary(in: dryReports).dryRun == true)

        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "\(verify)")
        #expect(try box.latestRunDirectory() == real, "verify does not move latest")
        #expect(try box.summary(in: box.reportDirectory(printedBy: verify)).json["command"] as? String == "verify")
        #expect(try box.summary().json["command"] as? String == "run")
    }

    /// A run killed before it published leaves `.incomplete-*`; the next run removes it.
    @Test(.timeLimit(.minutes(10)))
    func aKilledRunsTemporaryReportsAreCleanedUp() throws {
        let box = try Sandbox()
        let night = BigNight(users: 100, rows: 30_000)
        try night.write(into: box)
        let arguments = night.arguments(box, batchSize: 1000)
        let doomed = try box.start(arguments)
        let started = box.poll(while: doomed) { !Self.incomplete(box).isEmpty && (box.transferEntriesIfReadable() ?? 0) > 0 }
        doomed.send(SIGKILL)
        let killed = doomed.wait()
        try #require(started, "the run never got going: \(killed)")
        try #require(Self.incomplete(box).count == 1, "the killed run left its temporary directory")

        let rerun = try box.run(arguments)
        #expect(rerun.status == 0, "\(rerun)")
        #expect(Self.incomplete(box).isEmpty, "the dead run's temporary directory was removed")
        #expect(try box.transferEntries() == 30_000)
    }

    /// `verify` runs SQLite's integrity check (`storage_integrity`): a damaged page is exit 1,
    /// never "the books balance".
    @Test(.enabled(if: TestBackend.isSQLite, "SQLite's integrity check of its file"), arguments: ["index", "table", "schema"])
    func verifyFindsADamagedFile(_ what: String) throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let copy = box.url("damaged.sqlite").path
        try FileManager.default.copyItem(atPath: box.db, toPath: copy)
        // The root page of the transfers table, or of an index on it.
        // (The schema: page 1 after the 100-byte file header, the b-tree of sqlite_master.)
        let (page, pageSize) = try box.database().read { db in
            (what == "schema" ? 1
                : try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE type = ? AND tbl_name = 'transfers' ORDER BY name LIMIT 1",
                                   arguments: [what])!,
             try Int.fetchOne(db, sql: "PRAGMA page_size")!)
        }
        let file = try #require(FileHandle(forUpdatingAtPath: copy))
        try file.seek(toOffset: UInt64((page - 1) * pageSize + (what == "schema" ? 100 : 0)))
        try file.write(contentsOf: Data(repeating: 0xA5, count: 64))
        try file.close()

        let verify = try box.run(["verify", "--db", copy])
        #expect(verify.status == 1, "\(verify)")
        #expect(lastLine(verify).hasPrefix("exit 1: "), "\(verify)")
        let reports = try box.reportDirectory(printedBy: verify)
        let summary = try box.summary(in: reports)
        #expect(summary.checks["storage_integrity"]?.status == "fail", "\(summary.json)")
        let breaks = try box.report("breaks.csv", in: reports)
        #expect(try breaks.column("check").contains("storage_integrity"), "\(breaks)")

        let sound = try box.run(["verify", "--db", box.db])
        #expect(sound.status == 0, "the original is fine: \(sound)")
    }

    /// An idempotency-key index that no longer holds every key (here: its definition edited so it
    /// covers no row, as a bad sector or a buggy tool could leave it) is sound page by page — only
    /// `integrity_check`, not `quick_check`, compares an index with its table — and would let a
    /// re-run apply a transfer twice. `verify` must fail it.
    @Test(.enabled(if: TestBackend.isSQLite, "SQLite's integrity check of its file"))
    func verifyFindsAnIndexThatLostItsRows() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        try DatabaseQueue(path: box.db).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: """
                UPDATE sqlite_master SET sql = 'CREATE UNIQUE INDEX transfers_by_key ON transfers(tenant, idempotency_key) '
                    || 'WHERE idempotency_key IS NOT NULL AND tenant < 0'
                WHERE type = 'index' AND name = 'transfers_by_key'
                """)
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        let quick = try box.database().read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        #expect(quick == ["ok"], "the damage this test makes is one quick_check cannot see: \(quick)")
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 1, "\(verify)")
        let summary = try box.summary(in: try box.reportDirectory(printedBy: verify))
        #expect(summary.checks["storage_integrity"]?.status == "fail", "\(summary.json)")
    }

    static func incomplete(_ box: Sandbox) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: box.reportsRoot.path)) ?? []).filter { $0.hasPrefix(".incomplete-") }
    }

    /// Runs the binary through `sh` with the given umask; returns its exit status.
    static func runWithUmask(_ umask: String, box: Sandbox, arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask \(umask); exec \"$0\" \"$@\"", Product.binary.path] + arguments
        process.currentDirectoryURL = box.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
