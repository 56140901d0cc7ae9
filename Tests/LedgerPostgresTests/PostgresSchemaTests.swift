@testable import LedgerPostgres
import PostgresNIO
import Testing

/// The ledger's tables in PostgreSQL (SPEC §4 "never creates a ledger by accident", §6 append-only,
/// §7 keys that start with the tenant).
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct PostgresSchemaTests {
    @Test func anEmptyDatabaseIsRefusedWithoutCreateDB() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let error = try #require(throws: PostgresStoreError.self) {
                try PostgresLedger.open(location, create: false, runID: nil)
            }
            #expect(error == .noLedger(location))
            #expect(error.description.contains("--create-db"))
            // Refusing created nothing.
            let contents = try PostgresTestServer.withSession(location) { try PostgresSchema.contents($0) }
            #expect(contents == .empty)
        }
    }

    @Test func createDBMakesTheTablesOnceAndOpensThemAfter() throws {
        try PostgresTestServer.withFreshDatabase { location in
            try PostgresLedger.open(location, create: true, runID: "20261122T010000Z-0001").close()
            try PostgresLedger.open(location, create: true, runID: "20261122T010000Z-0002").close()
            try PostgresLedger.open(location, create: false, runID: nil).close()
            try PostgresTestServer.withSession(location) { session in
                #expect(try PostgresSchema.contents(session) == .ledger(version: 4))
                let tables = try session.rows("""
                    SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1
                    """) { try $0.decode(String.self) }
                #expect(tables == [
                    "account_balances", "accounts", "break_register", "chain_heads", "input_checkpoints", "input_files",
                    "ledger_schema", "rejected_rows", "runs", "tenant_changes", "tenants", "transfer_legacy_ids",
                    "transfer_texts", "transfers",
                ])
                #expect(try session.rows("SELECT count(*) FROM ledger_schema") { try $0.decode(Int64.self) } == [1])
            }
        }
    }

    @Test func aDatabaseWithOtherTablesIsNotTakenOver() throws {
        try PostgresTestServer.withFreshDatabase { location in
            try PostgresTestServer.withSession(location) { try $0.executeScript("CREATE TABLE invoices (id int)") }
            let error = try #require(throws: PostgresStoreError.self) { try PostgresLedger.open(location, create: true, runID: "r") }
            #expect(error == .notEmpty(location, tables: ["invoices"]))
            let without = try #require(throws: PostgresStoreError.self) { try PostgresLedger.open(location, create: false, runID: nil) }
            #expect(without == .noLedger(location))
        }
    }

    @Test func aLedgerOfAnotherVersionIsRefused() throws {
        try PostgresTestServer.withFreshDatabase { location in
            try PostgresLedger.open(location, create: true, runID: "r").close()
            try PostgresTestServer.withSession(location) { try $0.executeScript("UPDATE ledger_schema SET version = 99") }
            let error = try #require(throws: PostgresStoreError.self) { try PostgresLedger.open(location, create: false, runID: nil) }
            #expect(error == .unknownSchema(location, version: 99))
        }
    }

    /// SPEC §7: each tenant-owned table's primary key and every unique index start with the tenant,
    /// so `create_distributed_table(…, 'tenant')` accepts them.
    @Test func tenantOwnedKeysStartWithTheTenant() throws {
        try PostgresTestServer.withFreshDatabase { location in
            try PostgresLedger.open(location, create: true, runID: "r").close()
            try PostgresTestServer.withSession(location) { session in
                let leading = try session.rows("""
                    SELECT t.relname::text, i.relname::text, a.attname::text
                    FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
                    WHERE t.relnamespace = 'public'::regnamespace AND (x.indisunique OR x.indisprimary)
                    ORDER BY 1, 2
                    """) { try $0.decode((String, String, String).self) }
                let tenantOwned: [String: String] = [
                    "accounts": "tenant", "account_balances": "tenant", "transfers": "tenant", "transfer_texts": "tenant",
                    "transfer_legacy_ids": "tenant", "tenant_changes": "tenant", "chain_heads": "tenant",
                    "break_register": "tenant_id",
                ]
                var checked = Set<String>()
                for (table, index, column) in leading {
                    guard let tenantColumn = tenantOwned[table] else { continue }
                    #expect(column == tenantColumn, "\(index) on \(table) starts with \(column)")
                    checked.insert(table)
                }
                #expect(checked == Set(tenantOwned.keys))
            }
        }
    }

    @Test(arguments: [
        "UPDATE transfers SET amount = amount + 1",
        "DELETE FROM transfers",
        "TRUNCATE transfers",
        "UPDATE transfer_texts SET description = 'edited'",
        "DELETE FROM transfer_texts",
        "DELETE FROM rejected_rows",
        "TRUNCATE rejected_rows",
        "UPDATE tenant_changes SET name = 'renamed'",
        "DELETE FROM tenant_changes",
    ])
    func journalRowsAreAppendOnly(_ statement: String) throws {
        try PostgresTestServer.withFreshDatabase { location in
            try PostgresLedger.open(location, create: true, runID: "r").close()
            try PostgresTestServer.withSession(location) { session in
                try session.executeScript("""
                    INSERT INTO transfers (tenant, id, entry_type, debit_account, credit_account, amount, debit_sequence,
                        debit_balance_after, credit_sequence, credit_balance_after, created_at, ulid, run)
                        VALUES (1, 1, 'transfer', 1, 2, 100, 1, -100, 1, 100, 0, '\\x00', 1);
                    INSERT INTO transfer_texts (tenant, transfer, description) VALUES (1, 1, 'lunch');
                    INSERT INTO rejected_rows VALUES (1, 2, 'invalid_amount', 'bad', 'r');
                    INSERT INTO tenant_changes (tenant, chain_link, name, transfer_enabled, points_type, exchange_rate, currency,
                        changed_at, chain_hash) VALUES (1, 1, 'Tea', true, 'pts', 100, 'CNY', 0, '\\x00');
                    """)
                let error = try #require(throws: PostgresStoreError.self) { try session.executeScript(statement) }
                guard case .server(_, let sqlState, let message) = error else { Issue.record("got \(error)"); return }
                #expect(sqlState == "23001")
                #expect(message.hasSuffix("are append-only"))
                #expect(try session.rows("SELECT amount FROM transfers") { try $0.decode(Int64.self) } == [100])
            }
        }
    }

    /// README "PostgreSQL": a role that owns nothing but may connect and create in the database's
    /// schema can create the ledger and run.
    @Test func theListedPrivilegesAreEnough() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let role = "ledger_job_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            try PostgresTestServer.withSession(location) { session in
                try session.executeScript("""
                    CREATE ROLE \(role) LOGIN PASSWORD 'job-pw';
                    REVOKE ALL ON SCHEMA public FROM PUBLIC;
                    GRANT CONNECT ON DATABASE \(location.database) TO \(role);
                    GRANT USAGE, CREATE ON SCHEMA public TO \(role);
                    """)
            }
            let job = location.with(user: role, password: "job-pw")
            try PostgresLedger.open(job, create: true, runID: "r").close()
            try PostgresLedger.open(job, create: false, runID: "r2").close()
            try PostgresTestServer.withSession(location) { session in
                try session.executeScript("DROP OWNED BY \(role); DROP ROLE \(role)")
            }
        }
    }

    @Test func aRoleThatMayNotCreateIsToldWhichPrivilege() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let role = "ledger_reader_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            try PostgresTestServer.withSession(location) { session in
                try session.executeScript("""
                    CREATE ROLE \(role) LOGIN PASSWORD 'reader-pw';
                    REVOKE ALL ON SCHEMA public FROM PUBLIC;
                    GRANT CONNECT ON DATABASE \(location.database) TO \(role);
                    GRANT USAGE ON SCHEMA public TO \(role);
                    """)
            }
            let reader = location.with(user: role, password: "reader-pw")
            let error = try #require(throws: PostgresStoreError.self) { try PostgresLedger.open(reader, create: true, runID: "r") }
            guard case .permissionDenied = error else { Issue.record("got \(error)"); return }
            #expect(error.description.contains("README"))
            try PostgresTestServer.withSession(location) { try $0.executeScript("DROP OWNED BY \(role); DROP ROLE \(role)") }
        }
    }
}
