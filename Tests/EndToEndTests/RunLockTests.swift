import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scenario 6: only one run writes a database at a time; a second exits 3 at once and names the
/// holder (SPEC §4, §6).
struct RunLockTests {
    /// The test holds the lock from before the refused run starts until after it has ended, so an
    /// exit 3 proves the run gave up without waiting for the lock: a run that waited could only
    /// end by the runner's hang guard (`timedOut`). No elapsed time is compared.
    @Test(.enabled(if: TestBackend.isSQLite, "holds SQLite's lock file; on PostgreSQL a running import holds the lock (below)"))
    func aRunExitsThreeAtOnceWhileAnotherHoldsTheLock() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let firstReports = try box.latestRunDirectory()
        let before = try box.ledgerState()
        try box.write("transfers-night2.csv", SecondNight.transfers)
        try box.write("expected-night2.csv", SecondNight.expected)

        // Hold the lock as another run would: its owner line in <db>.lock, and an exclusive flock.
        let lockPath = box.db + ".lock"
        let holder = "run TEST-RUN, pid \(getpid()), started 2026-11-21T02:00:00Z\n"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(holder.withCString { write(descriptor, $0, strlen($0)) } == holder.utf8.count)
        try #require(flock(descriptor, LOCK_EX) == 0)

        let refused = try box.runNight(transfers: ["transfers-night2.csv"], expected: "expected-night2.csv")
        #expect(refused.status == 3 && !refused.timedOut,
                "a second run exits 3 while the lock is held, it does not wait for it: \(refused)")
        #expect(refused.stderr.contains("TEST-RUN"), "the message names the holder:\n\(refused.stderr)")
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == holder, "the holder's owner line is left alone")
        #expect(try box.ledgerState() == before, "the refused run changed nothing in the ledger")
        #expect(try box.latestRunDirectory() == firstReports, "the refused run published no reports")

        // Once the holder lets go, the same command runs.
        try #require(flock(descriptor, LOCK_UN) == 0)
        let after = try box.runNight(transfers: ["transfers-night2.csv"], expected: "expected-night2.csv")
        #expect(after.status == 0, "\(after)")
        #expect(try box.transferEntries() == 11)
    }

    /// The lock belongs to the database, not to the spelling of its path: a run given a symlink
    /// to a database that another run holds must exit 3 as well. (The lock is taken on
    /// `<path as given>.lock`, so `--db alias.sqlite` → ledger.sqlite locks alias.sqlite.lock and
    /// writes beside the holder.)
    @Test(.enabled(if: TestBackend.isSQLite, "paths and their lock files are SQLite's"))
    func theLockHoldsWhateverPathNamesTheDatabase() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let alias = box.url("alias.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: "ledger.sqlite")
        try box.write("transfers-night2.csv", SecondNight.transfers)

        let descriptor = open(box.db + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let holder = "run TEST-RUN, pid \(getpid()), started 2026-11-21T02:00:00Z\n"
        _ = holder.withCString { write(descriptor, $0, strlen($0)) }
        try #require(flock(descriptor, LOCK_EX) == 0)

        let refused = try box.run(["run", "--db", alias, "--transfers", "transfers-night2.csv"])
        let entries = try box.transferEntries()
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("TEST-RUN"), "\(refused.stderr)")
        #expect(entries == 8, "nothing applied while another run holds the database")
    }

    /// A real run in the middle of a long import, and a second one started beside it.
    ///
    /// Once the first run has committed a batch it is stopped (SIGSTOP) until the second has
    /// ended: it certainly still holds the lock while the second runs, whatever the machine's
    /// speed, and the second's exit 3 is proven by that order rather than by a clock.
    @Test(.timeLimit(.minutes(10)))
    func aSecondRealRunExitsThreeWhileTheFirstImports() throws {
        let box = try Sandbox()
        let night = BigNight(users: 200, rows: Self.rows)
        try night.write(into: box)
        let first = try box.start(night.arguments(box, batchSize: 1000))
        let importing = box.poll(while: first) { (box.transferEntriesIfReadable() ?? 0) > 0 }
        if importing { first.send(SIGSTOP) }
        defer { first.send(SIGCONT) }
        try #require(importing && first.isRunning,
                     "the first run should be importing by now: \(first.isRunning ? "still running" : "\(first.wait())")")
        // SQLite: the lock file names the holder's pid; PostgreSQL: the lock's session names its run.
        let holder: String
        if box.backend == .sqlite {
            let owner = try String(contentsOfFile: box.db + ".lock", encoding: .utf8)
            #expect(owner.contains("pid \(first.pid)"), "the lock file names the run that holds it: \(owner)")
            holder = "pid \(first.pid)"
        } else {
            holder = try #require(try box.strings("SELECT run_id FROM runs WHERE status = 'running'").first)
        }
        let entriesWhileStopped = try box.transferEntries()

        let second = try box.run(night.arguments(box, batchSize: 1000))
        #expect(second.status == 3 && !second.timedOut, "the second run exits 3 while the first holds the lock: \(second)")
        #expect(second.stderr.contains(holder), "the message names the holder (\(holder)):\n\(second.stderr)")
        #expect(try box.transferEntries() == entriesWhileStopped, "the refused run applied nothing")

        first.send(SIGCONT)
        let finished = first.wait(timeoutSeconds: 150)
        #expect(finished.status == 0, "\(finished)")
        let summary = try box.summary()
        #expect(summary.applied == Self.rows)
        #expect(try box.transferEntries() == Self.rows, "every row applied exactly once")
    }

    /// Enough rows that the first run is still importing when its first batch is seen committed.
    static let rows = 60_000
}
