import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SPEC §6: the run lock belongs to the database itself, not to the path it was reached by. A
/// hard link to the ledger or a deleted `.lock` file must not let a second writer in (with either,
/// two writers once both exited 0 and left a malformed database).
struct LockBypassTests {
    static let rows = 60_000

    @Test(.timeLimit(.minutes(3)))
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

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
