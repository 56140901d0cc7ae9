import Foundation
import LedgerTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 10 "Done when": a run killed with SIGKILL mid-import (after some batches committed), then
/// the same command again, ends with every transfer applied exactly once and the outcomes of an
/// uninterrupted run: results.csv and balances.csv (transfer and account ids by order of appearance),
/// trial_balance.csv and the summary's counts equal those of the same night on a fresh ledger.
/// On both backends; on PostgreSQL the killed run's lock must go with its connection.
struct KilledImportTests {
    static let rows = 30_000
    static let batchSize = 500

    @Test(.timeLimit(.minutes(5)))
    func aKilledImportRunAgainEqualsAnUninterruptedRun() throws {
        let box = try Sandbox()
        let night = BigNight(users: 300, rows: Self.rows)
        try night.write(into: box)
        let arguments = night.arguments(box, batchSize: Self.batchSize)

        // Killed once a few batches have committed.
        let doomed = try box.start(arguments)
        let midImport = box.poll(while: doomed, timeoutSeconds: 120) { (box.transferEntriesIfReadable() ?? 0) >= 3 * Self.batchSize }
        doomed.send(SIGKILL)
        let killed = doomed.wait()
        try #require(midImport, "the run never committed three batches: \(killed)")
        #expect(doomed.process.terminationReason == .uncaughtSignal, "\(killed)")
        let partial = try box.transferEntries()
        try #require(partial > 0 && partial < Self.rows, "the kill must land mid-import (\(partial) of \(Self.rows)); make the file bigger")
        #expect(partial % Self.batchSize == 0, "whole batches survive, never part of one: \(partial)")

        // The run lock went with the killed process (PostgreSQL: with its session, once the server
        // has seen the connection close; the poll is a hang guard, not a measured time).
        if box.backend == .postgresql {
            let released = Self.waitUntil { (try? box.count(Self.advisoryLocksSQL)) == 0 }
            #expect(released, "the killed run's advisory lock is still held: \((try? box.strings(Self.advisoryLocksSQL)) ?? [])")
        }

        let rerun = try box.run(arguments)
        #expect(rerun.status == 0, "the same command again finishes the night: \(rerun)")

        // Exactly once.
        #expect(try box.transferEntries() == Self.rows)
        #expect(try box.count("SELECT COUNT(DISTINCT idempotency_key) FROM transfers WHERE entry_type = 'transfer'") == Self.rows)
        #expect(try box.count("SELECT COUNT(*) FROM transfers WHERE entry_type = 'opening'") == night.users)

        // The same night, never interrupted, on a ledger of its own.
        let reference = try Sandbox(backend: box.backend)
        try night.write(into: reference)
        let uninterrupted = try reference.run(night.arguments(reference, batchSize: Self.batchSize))
        try #require(uninterrupted.status == 0, "\(uninterrupted)")

        let results = try box.report("results.csv").maskingIDs(in: ["transfer_id"])
        let referenceResults = try reference.report("results.csv").maskingIDs(in: ["transfer_id"])
        #expect(results.csvText == referenceResults.csvText, "results.csv: \(Self.firstDifference(results, referenceResults))")
        // Account ids are ids (made when the account opened), masked by order like transfer ids.
        for (name, ids) in [("balances.csv", ["account_id"]), ("trial_balance.csv", [])] {
            let mine = try box.report(name).maskingIDs(in: ids), theirs = try reference.report(name).maskingIDs(in: ids)
            #expect(mine.csvText == theirs.csvText, "\(name): \(Self.firstDifference(mine, theirs))")
        }
        let resumed = try box.summary(), whole = try reference.summary()
        #expect(resumed.read == whole.read && resumed.applied == whole.applied && resumed.applied == Self.rows)
        #expect(resumed.duplicate == whole.duplicate && resumed.rejected == whole.rejected)
        #expect(resumed.rejectedByCode == whole.rejectedByCode)
        #expect(resumed.failedChecks.isEmpty && whole.failedChecks.isEmpty, "\(box.breaksText)")

        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "\(verify)")
    }

    /// The first row where two reports differ, both versions, for a failure message.
    static func firstDifference(_ left: CSVTable, _ right: CSVTable) -> String {
        guard left.header == right.header else { return "headers \(left.header) / \(right.header)" }
        guard let row = zip(left.rows, right.rows).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
            return "\(left.rows.count) rows / \(right.rows.count) rows"
        }
        return "row \(row + 1): \(left.rows[row]) / \(right.rows[row])"
    }

    /// Advisory locks held in the sandbox's database (the run lock is one).
    static let advisoryLocksSQL = "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"

    /// Polls every 20 ms for up to 30 s until `condition` holds.
    static func waitUntil(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
