import Foundation
import GRDB
@testable import LedgerPostgres
import PostgresNIO
import Testing

/// Copies an SQLite ledger (schema v6) into an empty PostgreSQL ledger, table by table, unchanged:
/// so the two backends' readers can be asked the same questions about the same content
/// (`PostgresLedgerSnapshotTests`), and a large ledger (the 1M bench) can be measured on the server.
///
/// The tables mirror each other (`PostgresSchema`); where PostgreSQL keys a row by tenant and SQLite
/// does not store it, the tenant is read from the account or transfer the row belongs to.
enum SQLiteLedgerCopy {
    static let tables = [
        "tenants", "accounts", "account_balances", "transfers", "transfer_texts", "transfer_legacy_ids", "runs",
        "tenant_changes", "chain_heads", "input_files", "input_checkpoints", "rejected_rows", "break_register",
    ]

    /// The tenant of a row whose SQLite table has no `tenant` column.
    private static let tenantOf = [
        "account_balances": "(SELECT tenant FROM accounts WHERE id = s.id)",
        "transfer_texts": "(SELECT tenant FROM transfers WHERE id = s.transfer)",
        "transfer_legacy_ids": "(SELECT tenant FROM transfers WHERE id = s.transfer)",
    ]

    /// Where a table's rows are read when not all of them are in the SQLite table of that name:
    /// SQLite keeps a transfer's texts in its own row since schema v6, PostgreSQL in `transfer_texts`.
    private static let source = [
        "transfer_texts": """
            (SELECT transfer, description, reason, source, reference_id, source_file FROM transfer_texts
             UNION ALL SELECT id, description, reason, source, reference_id, source_file FROM transfers WHERE description IS NOT NULL)
            """,
    ]

    static func copy(sqlitePath: String, into session: PostgresSession) throws {
        let queue = try DatabaseQueue(path: sqlitePath)
        try queue.read { db in
            for table in tables {
                let columns = try session.rows("""
                    SELECT column_name::text FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
                    """) { try $0.decode(String.self) }
                let present = Set(try db.columns(in: table).map(\.name))
                let selected = columns.map { column in
                    present.contains(column) ? "s.\(column)" : (column == "tenant" ? tenantOf[table] ?? "NULL" : "NULL")
                }
                let rows = try Row.fetchCursor(db, sql: "SELECT \(selected.joined(separator: ", ")) FROM \(source[table] ?? table) s")
                var encoder = CopyTextEncoder()
                var count = 0
                while let row = try rows.next() {
                    for index in columns.indices {
                        // Every number is written as its decimal text: PostgreSQL reads it as the
                        // column's integer, numeric or boolean ('0'/'1').
                        switch (row[index] as DatabaseValue).storage {
                        case .null: encoder.null()
                        case .int64(let value): encoder.int(value)
                        case .double(let value): encoder.text(String(value))
                        case .string(let value): encoder.text(value)
                        case .blob(let data): encoder.bytes([UInt8](data))
                        }
                    }
                    encoder.endRow()
                    count += 1
                    if count % 20_000 == 0 {
                        try session.copy(into: table, columns: columns, chunks: encoder.finish())
                        encoder = CopyTextEncoder()
                    }
                }
                if encoder.rowCount > 0 { try session.copy(into: table, columns: columns, chunks: encoder.finish()) }
            }
        }
        try session.execute("ANALYZE")
    }
}

/// Copies the ledger named by `LEDGER_RECON_TEST_COPY_SQLITE` (e.g. the 1M bench ledger) into a new
/// database `LEDGER_RECON_TEST_COPY_DATABASE` on the test server, kept afterwards, to measure the
/// commands on it; skipped unless both are set.
@Suite(.enabled(if: PostgresTestServer.isAvailable
    && ProcessInfo.processInfo.environment["LEDGER_RECON_TEST_COPY_SQLITE"] != nil
    && ProcessInfo.processInfo.environment["LEDGER_RECON_TEST_COPY_DATABASE"] != nil,
    "set LEDGER_RECON_TEST_COPY_SQLITE and LEDGER_RECON_TEST_COPY_DATABASE to copy a ledger for measuring"))
struct SQLiteLedgerCopyForMeasuring {
    @Test func copiesEveryTransfer() throws {
        let environment = ProcessInfo.processInfo.environment
        let path = try #require(environment["LEDGER_RECON_TEST_COPY_SQLITE"])
        let name = try #require(environment["LEDGER_RECON_TEST_COPY_DATABASE"])
        let admin = try PostgresTestServer.adminLocation()
        try PostgresTestServer.withSession(admin) { try $0.executeScript("CREATE DATABASE \(name)") }
        let copied = try PostgresTestServer.withSession(admin.with(database: name)) { session in
            try PostgresSchema.prepare(session, create: true, now: 0)
            try SQLiteLedgerCopy.copy(sqlitePath: path, into: session)
            return try session.rows("SELECT count(*)::bigint FROM transfers") { try $0.decode(Int64.self) }.first
        }
        let stored = try DatabaseQueue(path: path).read { try Int64.fetchOne($0, sql: "SELECT count(*) FROM transfers") }
        #expect(copied == stored)
    }
}
