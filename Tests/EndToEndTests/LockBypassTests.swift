import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SPEC §6: the run lock belongs to the database itself, not to the path it was reached by. A
/// hard link to the ledger or a deleted `.lock` file must not let a second writer in (with either,
/// two writers once both exited 0 and left a malformed database).
@Suite(.enabled(if: TestBackend.isSQLite, "hard links and lock files of SQLite's file; PostgreSQL's lock is the server's"))
struct LockBypassTests {
    static let rows = 60_000

    @Test(.timeLimit(.minutes(10)))
    func neitherAHardLinkNorADeletedLockFileLetsASecondWriterIn() throws {
        let box = try Sandbox()
        let night = BigNight(users: 200, rows: Self.rows)
        try night.write(into: box)
        try box.write("other-transfers.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key
            wallet,tnt_big,usr_1,usr_2,1.00,CNY,intruder-1

            """)
        let arguments = night.arguments(box, batchSize: 1000)
        let first = try box.start(arguments)
        let importing = box.poll(while: first) { (box.transferEntriesIfReadable() ?? 0) > 0 }
        try #require(importing && first.isRunning, "the first run should be importing by now: \(first.wait())")

        // Money data is private: the ledger's -wal and -shm are owner-only like the ledger itself.
        for suffix in ["", "-wal", "-shm"] {
            #expect(try Self.mode(box.db + suffix) == 0o600, "ledger.sqlite\(suffix)")
        }

        // A busy host: hundreds of other locks, listed in /proc/locks before the ledger's (the
        // oldest comes last). The refused run must still find the holder's pid past the first
        // 4 KB of the list, which is all Foundation's String(contentsOfFile:) read of it.
        let crowd = try (0..<300).map { number in
            let descriptor = open(box.url("crowd-\(number).lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            try #require(descriptor >= 0 && flock(descriptor, LOCK_EX) == 0)
            return descriptor
        }
        defer { for descriptor in crowd { close(descriptor) } }

        // A hard link is the same file under another name.
        let alias = box.url("alias.sqlite").path
        try #require(link(box.db, alias) == 0)
        let throughLink = try box.run(["run", "--db", alias, "--transfers", "other-transfers.csv"])
        #expect(throughLink.status == 3, "\(throughLink)")
        #expect(throughLink.stderr.contains("pid \(first.pid)"), "the message names the holder: \(throughLink.stderr)")

        // The lock file deleted (by a cleanup script, by hand): the database is still held.
        try? FileManager.default.removeItem(atPath: box.db + ".lock")
        let afterDelete = try box.run(["run", "--db", box.db, "--transfers", "other-transfers.csv"])
        #expect(afterDelete.status == 3, "\(afterDelete)")
        let firstStillRunning = first.isRunning
        #expect(firstStillRunning, "the first run must still be running for this test to mean anything")

        let finished = first.wait(timeoutSeconds: 150)
        #expect(finished.status == 0, "\(finished)")
        #expect(try box.transferEntries() == Self.rows, "no intruder row was applied")
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "the database is sound: \(verify)")
        #expect(try box.summary(in: box.reportDirectory(printedBy: verify)).checks["storage_integrity"]?.status == "pass")
    }

    /// A writer that ignores the lock (here: a plain SQLite connection) commits between two
    /// batches of a run: the run notices before its next batch commits and stops with exit 5; the
    /// same command then finishes the night. The transfers come through a FIFO, so the test knows
    /// the run is between batches (waiting for input) when the other writer commits.
    @Test(.timeLimit(.minutes(10)))
    func aForeignWriteBetweenBatchesStopsTheRunWithExitFive() throws {
        let box = try Sandbox()
        let night = BigNight(users: 50, rows: 2_000)
        try night.write(into: box)
        let lines = try box.read("big-transfers.csv").split(separator: "\n").map { $0 + "\n" }
        let (header, rows) = (lines[0], Array(lines.dropFirst()))
        let fifo = box.url("transfers.fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let arguments = box.nightArguments(tenants: "big-tenants.csv", accounts: ["big-accounts.csv"], transfers: ["transfers.fifo"],
                                           expected: nil, extra: ["--batch-size", "100"])
        let run = try box.start(arguments)
        var descriptor: Int32 = -1
        let opened = box.poll(while: run) {
            descriptor = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            return descriptor >= 0
        }
        try #require(opened, "the run never opened its transfers: \(run.wait())")
        _ = fcntl(descriptor, F_SETFL, 0)
        func send(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) } }

        send(header + rows[..<1_000].joined())
        // The reader may hold the last row back until the next bytes show where it ends, so the
        // run waits for input with 900 or 1,000 rows applied; no batch can commit until more comes.
        let firstHalf = box.poll(while: run) { (box.transferEntriesIfReadable() ?? 0) >= 900 }
        try #require(firstHalf, "the first rows should be applied: \(box.transferEntriesIfReadable() ?? -1)")
        // It may arrive while the run commits its tenth batch: wait for the write lock like any writer.
        var patience = Configuration()
        patience.busyMode = .timeout(30)
        let intruder = try DatabaseQueue(path: box.db, configuration: patience)
        // A real change: SQLite commits nothing for an UPDATE that leaves every value as it was.
        try intruder.write { try $0.execute(sql: "UPDATE tenants SET name = name || ' (edited)'") }
        try intruder.close()
        let committed = try box.transferEntries()
        send(rows[1_000...].joined())
        close(descriptor)

        let stopped = run.wait(timeoutSeconds: 120)
        #expect(stopped.status == 5, "\(stopped)")
        #expect(stopped.stderr.contains("another process wrote the ledger"), "\(stopped.stderr)")
        #expect(lastLine(stopped).hasPrefix("exit 5: "), "\(stopped)")
        #expect(try box.transferEntries() == committed, "no batch committed after the foreign write")

        // The same command again, the same bytes through the FIFO.
        let feeder = Process()
        feeder.executableURL = URL(fileURLWithPath: "/bin/sh")
        feeder.arguments = ["-c", "cat big-transfers.csv > transfers.fifo"]
        feeder.currentDirectoryURL = box.root
        try feeder.run()
        let rerun = try box.run(arguments)
        feeder.waitUntilExit()
        #expect(rerun.status == 0, "\(rerun)")
        #expect(try box.transferEntries() == 2_000)
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
