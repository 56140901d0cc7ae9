@testable import LedgerPostgres
import PostgresNIO
import Testing

/// One run at a time on a PostgreSQL ledger (SPEC §6, §7): a second run is refused at once and
/// told which run holds the lock; the lock goes with the holder's connection.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct PostgresRunLockTests {
    @Test func aSecondRunIsRefusedNamingTheFirst() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let first = try PostgresLedger.open(location, create: true, runID: "20261122T020000Z-abcd")
            defer { first.close() }
            let error = try #require(throws: PostgresStoreError.self) {
                try PostgresLedger.open(location, create: false, runID: "20261122T020001Z-beef")
            }
            guard case .lockHeld(_, let owner) = error else { Issue.record("got \(error)"); return }
            #expect(owner.hasPrefix("run 20261122T020000Z-abcd, client 127.0.0.1"), "\(owner)")
            #expect(error.description.hasPrefix("another run holds the database \(location.redactedURL) (run 20261122T020000Z-abcd"))
            // Readers neither wait for nor take the lock.
            try PostgresLedger.open(location, create: false, runID: nil).close()
        }
    }

    @Test func theLockGoesWithTheHoldersConnection() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let first = try PostgresLedger.open(location, create: true, runID: "first")
            first.close()
            let second = try PostgresLedger.open(location, create: false, runID: "second")
            // A run killed with -9: the server ends its backend when the socket goes.
            let pid = try #require(try second.session.rows("SELECT pg_backend_pid()") { try $0.decode(Int32.self) }.first)
            try PostgresTestServer.withSession(location) { try $0.execute("SELECT pg_terminate_backend(\(pid), 5000)") }
            try PostgresLedger.open(location, create: false, runID: "third").close()
            second.close()
        }
    }

    @Test func aHolderThatHidesItsNameIsFoundInTheRunsTable() throws {
        try PostgresTestServer.withFreshDatabase { location in
            try PostgresLedger.open(location, create: true, runID: "setup").close()
            let anonymous = try PostgresSession.connect(location, applicationName: "psql")
            defer { anonymous.close() }
            try anonymous.executeScript("""
                INSERT INTO runs (run_id, command, pid, started_at, status) VALUES ('20261121T230000Z-0042', 'run', 7, 1, 'running')
                """)
            _ = try PostgresRunLock.acquire(anonymous)
            let error = try #require(throws: PostgresStoreError.self) { try PostgresLedger.open(location, create: false, runID: "later") }
            guard case .lockHeld(_, let owner) = error else { Issue.record("got \(error)"); return }
            #expect(owner.hasPrefix("run 20261121T230000Z-0042"), "\(owner)")
        }
    }
}
