@testable import LedgerPostgres
import PostgresNIO
import Testing

/// The errors a user meets when the server is not where `--db` says, refuses them, or goes away
/// mid-run (SPEC §4, §7): each one line naming host:port and database, never the password.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct ConnectionErrorTests {
    private func expectOneLineWithoutPassword(_ error: PostgresStoreError, _ location: PostgresLocation, password: String?) {
        let text = error.description
        #expect(!text.contains("\n"))
        #expect(text.contains(location.endpoint), "\(text)")
        #expect(text.contains("'\(location.database)'"), "\(text)")
        if let password { #expect(!text.contains(password)) }
    }

    @Test func aServerThatIsNotThereIsUnreachable() throws {
        let port = PostgresTestServer.closedPort()
        let location = try PostgresLocation(parsing: "postgresql://ledger:hunter2@127.0.0.1:\(port)/books", environment: [:])
        let error = try #require(throws: PostgresStoreError.self) { try PostgresSession.connect(location) }
        guard case .unreachable(_, let reason) = error else { Issue.record("got \(error)"); return }
        #expect(reason == "connection refused")
        expectOneLineWithoutPassword(error, location, password: "hunter2")
    }

    @Test func aMissingDatabaseIsNamed() throws {
        let location = try PostgresTestServer.adminLocation().with(database: "no_such_ledger_db")
        let error = try #require(throws: PostgresStoreError.self) { try PostgresSession.connect(location) }
        #expect(error == .databaseMissing(location))
        #expect(error.description.contains("createdb no_such_ledger_db"))
        expectOneLineWithoutPassword(error, location, password: nil)
    }

    @Test func aWrongPasswordIsAnAuthenticationFailure() throws {
        let admin = try PostgresTestServer.adminLocation()
        try PostgresTestServer.withSession(admin) { session in
            try session.executeScript("""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_auth_probe') THEN
                        CREATE ROLE ledger_auth_probe LOGIN PASSWORD 'right-password';
                    END IF;
                END $$
                """)
        }
        let wrong = admin.with(user: "ledger_auth_probe", password: "wrong-password")
        let error = try #require(throws: PostgresStoreError.self) { try PostgresSession.connect(wrong) }
        guard case .authenticationFailed(_, let reason) = error else { Issue.record("got \(error)"); return }
        #expect(reason.contains("password authentication failed"))
        expectOneLineWithoutPassword(error, wrong, password: "wrong-password")

        let none = admin.with(user: "ledger_auth_probe", password: .some(nil))
        let missing = try #require(throws: PostgresStoreError.self) { try PostgresSession.connect(none) }
        guard case .authenticationFailed = missing else { Issue.record("got \(missing)"); return }

        let right = admin.with(user: "ledger_auth_probe", password: "right-password")
        try PostgresTestServer.withSession(right) { _ in }
    }

    @Test func anUnknownRoleIsAnAuthenticationFailure() throws {
        let location = try PostgresTestServer.adminLocation().with(user: "nobody_here", password: "x")
        let error = try #require(throws: PostgresStoreError.self) { try PostgresSession.connect(location) }
        guard case .authenticationFailed = error else { Issue.record("got \(error)"); return }
    }

    @Test func aConnectionCutMidRunIsLost() throws {
        try PostgresTestServer.withFreshDatabase { location in
            try PostgresTestServer.withSession(location) { session in
                let pid = try #require(try session.rows("SELECT pg_backend_pid()") { try $0.decode(Int32.self) }.first)
                try PostgresTestServer.withSession(location) { other in
                    try other.execute("SELECT pg_terminate_backend(\(pid))")
                }
                let error = try #require(throws: PostgresStoreError.self) { try session.execute("SELECT 1") }
                #expect(error.isConnectionLoss, "\(error)")
                expectOneLineWithoutPassword(error, location, password: nil)
            }
        }
    }
}
