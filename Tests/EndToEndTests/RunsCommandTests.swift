import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SPEC §5 `ledger-recon runs` (issue 9): the runs a ledger recorded, newest first, with a killed
/// run shown as `interrupted` (not `running` forever) and a given-up one as `abandoned`.
struct RunsCommandTests {
    /// `runs` as JSON, parsed with JSONSerialization: the `data` array, newest first.
    static func listedRuns(_ box: Sandbox, extra: [String] = []) throws -> [[String: Any]] {
        let outcome = try box.run(["runs", "--db", box.db] + extra)
        #expect(outcome.status == 0, "\(outcome)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return try #require(object?["data"] as? [[String: Any]], "runs prints {data: [...]}: \(outcome)")
    }

    @Test func aFinishedRunShowsItsCountsExitCodeAndReports() throws {
        let box = try Sandbox()
        try box.copySamples()
        let night = try box.runNight()
        #expect(night.status == 0, "\(night)")
        let summary = try box.summary()

        let runs = try Self.listedRuns(box)
        try #require(runs.count == 1, "\(runs)")
        let run = runs[0]
        #expect(run["run_id"] as? String == summary.runID)
        #expect(run["status"] as? String == "finished")
        #expect(run["exit_code"] as? Int == 0)
        #expect((run["command"] as? String)?.contains(" run ") == true, "\(run)")
        #expect(run["started_at"] is String && run["finished_at"] is String, "\(run)")
        let counts = try #require(run["counts"] as? [String: Int], "\(run)")
        #expect(counts == ["read": summary.read ?? -1, "applied": summary.applied ?? -1,
                           "duplicate": summary.duplicate ?? -1, "rejected": summary.rejected ?? -1])
        #expect(counts["read"] == 18, "the sample night's rows")
        let reports = try #require(run["reports"] as? String, "\(run)")
        #expect(box.root.appendingPathComponent(reports).resolvingSymlinksInPath().path
                == (try box.latestRunDirectory()).resolvingSymlinksInPath().path)

        let table = try box.run(["runs", "--db", box.db, "--format", "table"])
        #expect(table.status == 0, "\(table)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("RUN_ID") == true, "\(table)")
        #expect(lines.count == 2 && lines[1].contains(summary.runID ?? "?") && lines[1].contains("finished"), "\(table)")
    }

    /// The newest first, and --limit keeps the newest.
    @Test func runsAreListedNewestFirstAndLimited() throws {
        let box = try Sandbox()
        try box.copySamples()
        let first = try box.summary(in: box.reportDirectory(printedBy: try box.runNight()))
        let second = try box.summary(in: box.reportDirectory(printedBy: try box.runNight()))
        #expect(try Self.listedRuns(box).compactMap { $0["run_id"] as? String } == [second.runID, first.runID].compactMap { $0 })
        #expect(try Self.listedRuns(box, extra: ["--limit", "1"]).compactMap { $0["run_id"] as? String } == [second.runID])
        #expect(try box.run(["runs", "--db", box.db, "--limit", "0"]).status == 2)
    }

    /// A ledger that lacks a later migration (here the break register): `runs` and `verify` are
    /// read-only, so they never migrate it; like every read-only command they say in one line that
    /// the next run upgrades it, and leave the file as it was. The next run does upgrade it.
    @Test(.enabled(if: TestBackend.isSQLite, "PostgreSQL ledgers start at the current schema: there is no earlier one"))
    func aLedgerOfAnEarlierSchemaIsNotMigratedByReadOnlyCommands() throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight().status == 0)
        try DatabaseQueue(path: box.db).write { db in
            try db.execute(sql: """
                DROP TABLE break_register;
                ALTER TABLE runs DROP COLUMN rows_read;
                ALTER TABLE runs DROP COLUMN rows_applied;
                ALTER TABLE runs DROP COLUMN rows_duplicate;
                ALTER TABLE runs DROP COLUMN rows_rejected;
                DELETE FROM grdb_migrations WHERE identifier = 'v3 break register';
                """)
        }
        for command in [["runs"], ["verify"]] {
            let outcome = try box.run(command + ["--db", box.db])
            #expect(outcome.status == 2, "\(outcome)")
            #expect(outcome.stderr.contains("upgrades it in place"), "\(outcome)")
        }
        #expect(try box.count("SELECT COUNT(*) FROM grdb_migrations WHERE identifier = 'v3 break register'") == 0,
                "read-only commands never migrate")
        #expect(try box.runNight().status == 0)
        let runs = try Self.listedRuns(box)
        #expect(runs.count == 2 && runs[1]["counts"] is NSNull && runs[0]["counts"] is [String: Int], "\(runs)")
    }

    /// Read-only: a missing ledger is exit 2 and stays missing.
    @Test func runsNeverCreatesALedger() throws {
        let box = try Sandbox()
        let outcome = try box.run(["runs", "--db", box.db])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.contains(box.ledgerName), "\(outcome)")
        #expect(try !box.hasLedger())
    }

    /// A run holding the lock is `running`; SIGKILLed, its row still says running, but `runs`
    /// sees that no process holds the lock: `interrupted`. Given up with --abandon: `abandoned`.
    @Test(.timeLimit(.minutes(10)))
    func aKilledRunIsInterruptedAndAnAbandonedRunAbandoned() throws {
        let box = try Sandbox()
        let night = BigNight(users: 300, rows: 60_000)
        try night.write(into: box)
        let arguments = night.arguments(box, batchSize: 2_000)

        let doomed = try box.start(arguments)
        let midImport = box.poll(while: doomed) { (box.transferEntriesIfReadable() ?? 0) > 0 }
        try #require(midImport, "the run never got to import anything")
        let whileRunning = try Self.listedRuns(box)
        if doomed.isRunning {
            // Still alive after `runs` returned, so alive (and holding the lock) while it looked.
            #expect(whileRunning.first?["status"] as? String == "running", "\(whileRunning)")
        }
        doomed.send(SIGKILL)
        let killed = doomed.wait()
        #expect(doomed.process.terminationReason == .uncaughtSignal, "\(killed)")
        #expect(try box.count("SELECT COUNT(*) FROM runs WHERE status = 'running'") == 1, "the killed run could not record its end")

        let afterKill = try Self.listedRuns(box)
        try #require(afterKill.count == 1, "\(afterKill)")
        #expect(afterKill[0]["status"] as? String == "interrupted", "\(afterKill)")
        #expect(afterKill[0]["finished_at"] is NSNull && afterKill[0]["exit_code"] is NSNull, "\(afterKill)")
        let killedID = try #require(afterKill[0]["run_id"] as? String)
        #expect(afterKill[0]["pid"] as? Int == Int(doomed.pid))

        let next = try box.run(arguments + ["--abandon", killedID])
        #expect(next.status == 0, "\(next)")
        let afterAbandon = try Self.listedRuns(box)
        #expect(afterAbandon.map { $0["status"] as? String } == ["finished", "abandoned"], "\(afterAbandon)")
        #expect(afterAbandon.last?["run_id"] as? String == killedID)
        #expect((afterAbandon.first?["counts"] as? [String: Int])?["read"] == night.rows, "\(afterAbandon)")
    }
}
