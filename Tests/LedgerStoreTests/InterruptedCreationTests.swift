import Foundation
import GRDB
@testable import LedgerStore
import LedgerStorage
import Testing

/// A run killed while it creates or upgrades a ledger leaves a file that the next run must open
/// and finish migrating (SPEC §4: the next run finishes the job), never refuse as "not a ledger".
///
/// SQLite only: about a half-written file. PostgreSQL creates its tables in one transaction
/// (`PostgresSchema.prepare`), so a killed creation leaves nothing.
struct InterruptedCreationTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).sqlite").path
    }

    @Test func aLedgerKilledAfterItsMigrationsTableWasCreatedOpens() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // What GRDB commits first when it migrates: its own bookkeeping table, still empty.
        let partial = try DatabaseQueue(path: path)
        try partial.write { try $0.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)") }
        try partial.close()

        let store = try LedgerStore(path: path)
        #expect(try store.queue.read { try $0.tableExists("transfers") && $0.tableExists("input_files") })
    }

    @Test func anotherProgramsDatabaseIsStillRefused() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let other = try DatabaseQueue(path: path)
        try other.write { try $0.execute(sql: "CREATE TABLE customers (id INTEGER PRIMARY KEY)") }
        try other.close()
        #expect(throws: (any Error).self) { try LedgerStore(path: path) }
    }
}
