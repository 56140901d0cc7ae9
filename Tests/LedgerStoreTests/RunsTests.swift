import LedgerStore
import LedgerStorage
import Testing

/// The `runs` table: every run's start, and how it ended.
struct RunsTests {
    func status(_ ledger: LedgerFixture) throws -> [String?] {
        let rows = try ledger.strings("SELECT status || '|' || COALESCE(CAST(exit_code AS TEXT), '-') FROM runs WHERE run_id = 'test-run'")
        return rows.flatMap { row -> [String?] in
            let fields = row.split(separator: "|").map(String.init)
            return [fields[0], fields[1] == "-" ? nil : fields[1]]
        }
    }

    @Test(arguments: StoreBackend.all)
    func aRunIsRecordedRunningThenFinishedOrFailed(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.engine.recordRunStart(command: "run", pid: 42, inputs: "transfers=/t.csv")
        #expect(try status(ledger) == ["running", nil])
        try ledger.engine.recordRunFailure("disk full", exitCode: 5)
        #expect(try status(ledger) == ["failed", "5"])
        try ledger.engine.recordRunEnd(exitCode: 1, reports: "reports/x")
        #expect(try status(ledger) == ["finished", "1"])
    }
}
