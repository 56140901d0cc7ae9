import GRDB
import LedgerStore
import LedgerStorage
import Testing

/// The `runs` table: every run's start, and how it ended.
struct RunsTests {
    func status(_ ledger: LedgerFixture) throws -> [String?] {
        try ledger.store.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT status, exit_code FROM runs WHERE run_id = 'test-run'").flatMap {
                [$0["status"] as String?, ($0["exit_code"] as Int64?).map(String.init)]
            }
        }
    }

    @Test func aRunIsRecordedRunningThenFinishedOrFailed() throws {
        let ledger = try LedgerFixture()
        try ledger.store.queue.inDatabase { db in try ledger.writer.recordRunStart(command: "run", pid: 42, inputs: "transfers=/t.csv", in: db) }
        #expect(try status(ledger) == ["running", nil])
        try ledger.store.queue.inDatabase { db in try ledger.writer.recordRunFailure("disk full", in: db) }
        #expect(try status(ledger) == ["failed", nil])
        try ledger.store.queue.inDatabase { db in try ledger.writer.recordRunEnd(exitCode: 1, reports: "reports/x", in: db) }
        #expect(try status(ledger) == ["finished", "1"])
    }
}
