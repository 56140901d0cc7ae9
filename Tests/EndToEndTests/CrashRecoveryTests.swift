import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scenario 8: a run killed (SIGKILL) in the middle of an import loses at most its open batch,
/// and re-running the same command applies every transfer exactly once (SPEC §4, §6).
struct CrashRecoveryTests {
    static let rows = 60_000
    static let batchSize = 2_000

    // A guard against a hang, not a speed check: on PostgreSQL, with the machine busy, the three
    // runs of 60,000 rows took over three minutes.
    @Test(.timeLimit(.minutes(10)))
    func aRunKilledMidImportCompletesExactlyOnceWhenRunAgain() throws {
        let box = try Sandbox()
        let night = BigNight(users: 300, rows: Self.rows)
        try night.write(into: box)
        let arguments = night.arguments(box, batchSize: Self.batchSize)

        let doomed = try box.start(arguments)
        let midImport = box.poll(while: doomed) { (box.transferEntriesIfReadable() ?? 0) > 0 }
        doomed.send(SIGKILL)
        let killed = doomed.wait()
        try #require(midImport, "the run never got to import anything: \(killed)")
        #expect(killed.status == SIGKILL && doomed.process.terminationReason == .uncaughtSignal, "\(killed)")

        // What survived the kill: whole batches only, strictly between none and all.
        let partial = try box.transferEntries()
        try #require(partial > 0 && partial < Self.rows,
                     "the kill must land mid-import (\(partial) of \(Self.rows) applied); make the file bigger")
        #expect(partial % Self.batchSize == 0, "a crash loses at most the open batch, never part of one: \(partial)")

        // The same command again finishes the work.
        let rerun = try box.run(arguments)
        #expect(rerun.status == 0, "\(rerun)")
        let summary = try box.summary()
        #expect(summary.read == Self.rows)
        // It resumes the killed run (SPEC §4): what that run applied keeps its outcome, so the
        // summary is the one an uninterrupted run writes.
        #expect(summary.applied == Self.rows, "the resumed night reports every row as applied")
        #expect(summary.duplicate == 0)
        #expect(summary.rejected == 0)
        #expect(summary.failedChecks.isEmpty, "\(box.breaksText)")

        // Exactly once: one entry per row, no key twice.
        #expect(try box.transferEntries() == Self.rows)
        let repeatedKeys = try box.strings("""
            SELECT idempotency_key FROM transfers WHERE entry_type = 'transfer'
            GROUP BY tenant, idempotency_key HAVING COUNT(*) > 1 LIMIT 10
            """)
        #expect(repeatedKeys.isEmpty)
        #expect(try box.count("SELECT COUNT(DISTINCT idempotency_key) FROM transfers WHERE entry_type = 'transfer'") == Self.rows)
        // Each account was opened once, with one opening entry.
        #expect(try box.count("SELECT COUNT(*) FROM transfers WHERE entry_type = 'opening'") == night.users)

        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "\(verify)")
        #expect(try box.summary().failedChecks.isEmpty)
    }
}
