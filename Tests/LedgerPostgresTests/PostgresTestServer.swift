import Foundation
import PostgresNIO
@testable import LedgerPostgres
import Testing

/// The PostgreSQL server the server suites run against: `LEDGER_RECON_TEST_POSTGRES_URL`, set by
/// `make test` to a private cluster (`scripts/pg-cluster.sh`) whose superuser signs in without a
/// password. Without it those suites are skipped, and say so.
enum PostgresTestServer {
    static let environmentVariable = "LEDGER_RECON_TEST_POSTGRES_URL"
    static let url = ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    static let isAvailable = url != nil
    static let skipReason: Comment = "no PostgreSQL server: set LEDGER_RECON_TEST_POSTGRES_URL (make test starts one)"

    static func adminLocation() throws -> PostgresLocation {
        try PostgresLocation(parsing: try #require(url, "LEDGER_RECON_TEST_POSTGRES_URL"), environment: [:])
    }

    /// Runs `body` with a new, empty database of its own, dropped afterwards.
    static func withFreshDatabase<T>(_ body: (PostgresLocation) throws -> T) throws -> T {
        let admin = try adminLocation()
        let name = "ledger_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try withSession(admin) { try $0.executeScript("CREATE DATABASE \(name)") }
        defer {
            _ = try? withSession(admin) { try $0.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        }
        return try body(admin.with(database: name))
    }

    static func withSession<T>(_ location: PostgresLocation, _ body: (PostgresSession) throws -> T) throws -> T {
        let session = try PostgresSession.connect(location)
        defer { session.close() }
        return try body(session)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on (bound, read, closed).
    static func closedPort() -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
