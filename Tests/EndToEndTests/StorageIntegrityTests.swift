import Foundation
import GRDB
import Testing

/// `verify`'s `storage_integrity` (SPEC §6) finds an index whose entries no longer match its
/// table — damage `PRAGMA quick_check` cannot see — whichever way the two came apart.
@Suite(.enabled(if: TestBackend.isSQLite, "SQLite's integrity check of its file (PostgreSQL has none to run)"))
struct StorageIntegrityTests {
    /// Rewrites one index's definition in place, leaving its b-tree as it was: the entries then
    /// describe other columns (or other rows) than the definition says, as after a torn write.
    static func redefine(_ index: String, as sql: String, in box: Sandbox) throws {
        try DatabaseQueue(path: box.db).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = ? WHERE type = 'index' AND name = ?", arguments: [sql, index])
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        let quick = try box.database().read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        #expect(quick == ["ok"], "the damage is one quick_check cannot see: \(quick)")
    }

    static func verifyFails(_ box: Sandbox, naming index: String) throws {
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 1, "\(verify)")
        let directory = try box.reportDirectory(printedBy: verify)
        let summary = try box.summary(in: directory)
        #expect(summary.checks["storage_integrity"]?.status == "fail", "\(summary.json)")
        let breaks = try String(contentsOf: directory.appendingPathComponent("breaks.csv"), encoding: .utf8)
        #expect(breaks.contains("storage_integrity") && breaks.contains(index), "\(breaks)")
    }

    /// The history index's entries hold each leg's sequence; defined over the other leg's, every
    /// entry's key differs from its row's.
    @Test func anIndexWhoseKeysDifferFromItsRowsFails() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        try Self.redefine("transfers_debit_history",
                          as: "CREATE INDEX transfers_debit_history ON transfers(debit_account, created_at, credit_sequence)", in: box)
        try Self.verifyFails(box, naming: "transfers_debit_history")
    }

    /// A UNIQUE index redefined over fewer columns holds repeated keys.
    @Test func aUniqueIndexWithRepeatedKeysFails() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        try Self.redefine("accounts_by_user", as: "CREATE UNIQUE INDEX accounts_by_user ON accounts(tenant)", in: box)
        try Self.verifyFails(box, naming: "accounts_by_user")
    }

    /// A sound ledger passes, and the check names no problem.
    @Test func aSoundLedgerPasses() throws {
        let box = try Sandbox()
        try box.copySamples()
        try #require(try box.runNight().status == 0)
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "\(verify)")
        let summary = try box.summary(in: try box.reportDirectory(printedBy: verify))
        #expect(summary.checks["storage_integrity"]?.status == "pass", "\(summary.json)")
    }
}
