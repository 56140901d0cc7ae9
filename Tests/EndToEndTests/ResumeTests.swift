import Foundation
import LedgerTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SPEC §4 "Interrupted runs resume" and §2 "Running a night again": a crash at any moment, or a
/// night run twice, never changes who got paid.
struct ResumeTests {
    /// The night `aNightKilledAnywhereEndsAsIfItHadNeverStopped` kills nine times over. On
    /// PostgreSQL it is half as long: the test ran alone for two minutes after the rest of that
    /// pass had finished (`make test`'s critical path), and 6,000 rows still give every batch size
    /// below two or more batches and the kills the same spread (they are shares of the run).
    static let killedNightRows = TestBackend.isPostgreSQL ? 6_000 : 12_000

    /// Kills the run at random moments across the whole run (accounts, mid-transfers, checks,
    /// reports), over several batch sizes, then runs the same command until it finishes: every
    /// row's outcome, every balance and the trial balance equal an uninterrupted run's.
    @Test(.timeLimit(.minutes(5)))
    func aNightKilledAnywhereEndsAsIfItHadNeverStopped() throws {
        let seed = ProcessInfo.processInfo.environment["LEDGER_RESUME_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64.max / 2)
        print("ResumeTests seed \(seed) (LEDGER_RESUME_SEED=\(seed) reproduces it)")
        let night = ContestedNight(seed: seed, rows: Self.killedNightRows)
        let reference = try Sandbox()
        try night.write(into: reference)
        let uninterrupted = try reference.run(night.arguments(reference, batchSize: 1_000))
        try #require(uninterrupted.status == 0, "\(uninterrupted)")
        let expected = try reference.comparableOutcome()
        let referenceSummary = try reference.summary()
        #expect((referenceSummary.rejectedByCode?["insufficient_balance"] ?? 0) > 100, "the night must be contested")

        var random = SplitMix64(seed: seed)
        var killedMidRun = 0
        for trial in 0..<8 {
            let batchSize = [97, 500, 1_000, 3_000][trial % 4]
            let box = try Sandbox()
            try night.write(into: box)
            let arguments = night.arguments(box, batchSize: batchSize)
            let doomed = try box.start(arguments)
            if trial % 2 == 0 {
                // Mid-transfers: once a random share of the night's entries is committed.
                let target = Int(referenceSummary.applied ?? 0) * Int(5 + random.next(below: 75)) / 100
                _ = box.poll(while: doomed) { (box.transferEntriesIfReadable() ?? 0) >= max(target, 1) }
            } else {
                // Anywhere, from the first instant (accounts) to past the reference run's length
                // (checks, reports, or not at all).
                usleep(useconds_t(random.next(below: UInt64(uninterrupted.seconds * 1_200_000) + 1)))
            }
            doomed.send(SIGKILL)
            var finished = doomed.wait()
            // A kill that lands after the run recorded its end (while it prints its summary and
            // exits) leaves a finished night: running it again would be a replay, not a resume.
            if finished.status != 0, (try? box.count("SELECT COUNT(*) FROM runs WHERE status = 'finished'")) ?? 0 > 0 {
                finished.status = 0
            }
            if finished.status != 0 {
                killedMidRun += 1
                finished = try box.run(arguments)
                for _ in 0..<3 where finished.status != 0 { finished = try box.run(arguments) }
            }
            #expect(finished.status == 0, "trial \(trial), seed \(seed): \(finished)")
            #expect(try box.comparableOutcome() == expected, "trial \(trial) (batch \(batchSize)), seed \(seed)")
            let summary = try box.summary()
            #expect(summary.applied == referenceSummary.applied && summary.duplicate == referenceSummary.duplicate,
                    "trial \(trial), seed \(seed)")
            #expect(summary.failedChecks.isEmpty, "trial \(trial), seed \(seed): \(box.breaksText)")
        }
        #expect(killedMidRun >= 3, "the kills must land before the run ends (\(killedMidRun) of 8)")
    }

    @Test func aNightRunTwiceReplaysItsDecisions() throws {
        let box = try Sandbox()
        let night = ContestedNight(seed: 7, rows: 2_000)
        try night.write(into: box)
        let arguments = night.arguments(box, batchSize: 300)
        try #require(try box.run(arguments).status == 0)
        let first = try box.report("results.csv")
        let before = try box.ledgerState()

        // Rows rejected for want of funds could apply now (other rows moved money to their
        // senders); a replay must not re-decide them.
        let again = try box.run(arguments)
        #expect(again.status == 0, "\(again)")
        let after = try box.ledgerState()
        #expect(after.entries == before.entries && after.postings == before.postings && after.accounts == before.accounts,
                "running the same night again changed the books")
        let second = try box.report("results.csv")
        for (old, new) in zip(first.records, second.records) {
            switch old["status"] {
            case "applied", "duplicate":
                #expect(new["status"] == "duplicate" && new["transfer_id"] == old["transfer_id"], "\(old) → \(new)")
            default:
                #expect(new["status"] == "rejected" && new["code"] == old["code"], "\(old) → \(new)")
                #expect(new["message"]?.hasSuffix("(decided by run \(try box.summary().runID ?? "?"))") == false)
                #expect(new["message"]?.contains("(decided by run ") == true, "\(new)")
            }
        }
        #expect(try box.summary().applied == 0)
    }

    /// A file's last checkpoint is taken at its very end, after the blank lines that follow its
    /// last row: a re-run still recognises the whole file, so a rejection in its last batch is
    /// replayed, not decided afresh now that funds have arrived.
    @Test func aFileEndingInBlankLinesIsReplayedToItsLastRow() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("short.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key
            wallet,tnt_sh_tea,usr_zhang_min,usr_li_wei,900.00,CNY,blank-1



            """)
        try #require(try box.runNight(transfers: ["short.csv"], expected: nil).status == 0)
        #expect(try box.report("results.csv").records.first?["code"] == "insufficient_balance")
        // Funds arrive from another file: re-deciding the row would now apply it.
        try box.write("fund.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key
            wallet,tnt_sh_tea,usr_li_wei,usr_zhang_min,1000.00,CNY,blank-fund

            """)
        try #require(try box.runNight(transfers: ["fund.csv"], expected: nil).status == 0)
        let again = try box.runNight(transfers: ["short.csv"], expected: nil)
        #expect(again.status == 0, "\(again)")
        let row = try #require(try box.report("results.csv").records.first)
        #expect(row["status"] == "rejected" && row["code"] == "insufficient_balance", "\(row)")
        #expect(row["message"]?.contains("(decided by run ") == true, "\(row)")
    }

    @Test func anUnfinishedRunBlocksOtherInputsUntilFinishedOrAbandoned() throws {
        let box = try Sandbox()
        try box.copySamples()
        let night = BigNight(users: 200, rows: 40_000, keyPrefix: "blocked")
        try night.write(into: box)
        let arguments = night.arguments(box, batchSize: 1_000)
        let applied = try box.killMidImport(arguments)
        let runID = try box.strings("SELECT run_id FROM runs WHERE status = 'running'").first
        let interrupted = try #require(runID)

        // Other inputs: refused before anything is applied, naming the run and how to finish it.
        let other = try box.runNight()
        #expect(other.status == 2, "\(other)")
        #expect(other.stderr.contains(interrupted) && other.stderr.contains("--abandon"), "\(other)")
        #expect(try box.transferEntries() == applied)

        let unknown = try box.runNight(extra: ["--abandon", "20000101T000000Z-0000"])
        #expect(unknown.status == 2, "\(unknown)")

        // Abandoned: the other night goes on; the abandoned run is never resumed.
        let abandoning = try box.runNight(extra: ["--abandon", interrupted])
        #expect(abandoning.status == 0, "\(abandoning)")
        #expect(try box.count("SELECT COUNT(*) FROM runs WHERE status = 'abandoned'") == 1)
        // Its files run again apply only what it had not: each row exactly once.
        let rerun = try box.run(arguments)
        #expect(rerun.status == 0, "\(rerun)")
        #expect(try box.summary().duplicate == applied)
        #expect(try box.count("SELECT COUNT(*) FROM transfers WHERE idempotency_key LIKE 'blocked-%'") == night.rows)
    }

    @Test func resumingWithChangedBytesIsRefused() throws {
        let box = try Sandbox()
        let night = BigNight(users: 200, rows: 40_000, keyPrefix: "changed")
        try night.write(into: box)
        let arguments = night.arguments(box, batchSize: 1_000)
        let applied = try box.killMidImport(arguments)
        // The same path, other bytes (an amount in the first row changed).
        let text = try box.read("big-transfers.csv")
        try box.write("big-transfers.csv", text.replacingOccurrences(of: ",0.01,CNY,changed-0,", with: ",0.02,CNY,changed-0,"))
        let refused = try box.run(arguments)
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("big-transfers.csv") && refused.stderr.contains("--abandon"), "\(refused)")
        #expect(try box.transferEntries() == applied)
    }

    @Test func aKeylessLookAlikeFromAnotherFileIsAppliedAndFlagged() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("export-1.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,description,requested_at
            wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,tea,2026-11-20T01:00:00Z
            wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,tea,2026-11-20T01:00:00Z

            """)
        try box.write("export-2.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,description,requested_at
            wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,tea,2026-11-20T09:05:00+08:00
            wallet,tnt_sh_tea,usr_li_wei,usr_zhang_min,2.00,CNY,tea,2026-11-20T09:00:00+08:00

            """)
        let first = try box.runNight(transfers: ["export-1.csv"], expected: nil)
        #expect(first.status == 0, "\(first)")
        let firstRows = try box.report("results.csv").records
        // Identical rows inside one file both apply and are not look-alikes.
        #expect(firstRows.map { $0["status"] } == ["applied", "applied"])
        #expect(firstRows.allSatisfy { $0["message"] == "" })

        let second = try box.runNight(transfers: ["export-2.csv"], expected: nil)
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("1 possible duplicates"), "\(second)")
        let rows = try box.report("results.csv").records
        #expect(rows.map { $0["status"] } == ["applied", "applied"])
        let original = try #require(firstRows[0]["transfer_id"])
        #expect(rows[0]["message"] == "possible duplicate of \(original) (export-1.csv:2)", "\(rows[0])")
        #expect(rows[1]["message"] == "")
        let counts = try #require(try box.summary().json["counts"] as? [String: Any])
        #expect(counts["possible_duplicate"] as? Int == 1)
    }
}

extension Sandbox {
    /// Starts a run, kills it (SIGKILL) once it has committed some transfers, and returns how many.
    func killMidImport(_ arguments: [String]) throws -> Int {
        let doomed = try start(arguments)
        let midImport = poll(while: doomed) { (transferEntriesIfReadable() ?? 0) > 0 }
        doomed.send(SIGKILL)
        let killed = doomed.wait()
        try #require(midImport && killed.status != 0, "the kill must land mid-import: \(killed)")
        return try transferEntries()
    }
}
