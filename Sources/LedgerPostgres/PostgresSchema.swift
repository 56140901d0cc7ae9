internal import PostgresNIO

/// The ledger's tables in PostgreSQL: SQLite's schema v4 (`LedgerSchema`, `CompactTransfersMigration`,
/// `HashChainMigration` in LedgerStore), same tables, columns and meaning (the hash chain's columns,
/// `tenant_changes` and `chain_heads` included, SPEC §7), with two differences that a server needs:
///
/// - **Every tenant-owned table's key starts with the tenant** (SPEC §7): `accounts`,
///   `account_balances`, `transfers`, `transfer_texts`, `transfer_legacy_ids`, `tenant_changes`,
///   `chain_heads` by the tenant's number
///   (`tenants.id`, 1:1 with its `tenant_id`), `break_register` by `tenant_id` itself; their unique
///   indexes start with it too. So each can be distributed by tenant (Citus: `create_distributed_table`
///   on `tenant`), and everything a transfer touches lies on one node. `tenants` and the run records
///   (`runs`, `input_files`, `input_checkpoints`, `rejected_rows`, `ledger_schema`) describe a night
///   across all tenants (a rejected row may name no tenant at all): they are small reference tables.
/// - **Types say what SQLite's affinities meant**: BIGINT for every Int64, BOOLEAN for flags, BYTEA
///   for hashes and ULIDs, and NUMERIC(39,0) for the posted totals that SQLite keeps as an integer or
///   its decimal text (`WideTotal`): exact Int128 either way (SPEC §6).
///
/// The history indexes lead with the tenant and end with the id, so a user's page is one backward
/// walk per leg and account, merged without a sort (`PostgresHistoryQuery`, tested with EXPLAIN).
/// Journal rows and recorded decisions are append-only: a trigger refuses UPDATE, DELETE and
/// TRUNCATE (SPEC §6). `ledger_schema` holds the version; a database without it holds no ledger.
enum PostgresSchema {
    /// The version of these tables: SQLite's schema v4 ("v4 hash chain").
    static let version = 4

    /// Serialises `--create-db` between two commands that start at once on an empty database
    /// (`pg_advisory_xact_lock`, released at COMMIT); the run lock uses another key.
    static let creationLockKey: Int64 = 0x4C45_4447_4552_0001

    /// The indexes behind a user's history listing (`PostgresHistoryQuery`): a bulk import drops them
    /// and builds them once at its end (`PostgresWriteStore.suspendHistoryIndex`); `repairHistoryIndexes`
    /// builds one a crash left missing.
    static let historyIndexesSQL = """
        CREATE INDEX IF NOT EXISTS transfers_debit_history ON transfers (tenant, debit_account, created_at, debit_sequence, id);
        CREATE INDEX IF NOT EXISTS transfers_credit_history ON transfers (tenant, credit_account, created_at, credit_sequence, id);
        """

    /// Builds the history indexes a run killed during a bulk import left dropped (the writer does
    /// this when it opens, holding the run lock).
    static func repairHistoryIndexes(_ session: PostgresSession) throws {
        let present = try session.rows("""
            SELECT count(*) FROM pg_indexes
            WHERE schemaname = current_schema() AND indexname IN ('transfers_debit_history', 'transfers_credit_history')
            """) { try $0.decode(Int64.self) }.first ?? 0
        guard present < 2 else { return }
        try session.executeScript(historyIndexesSQL)
    }

    static let tablesSQL = """
        CREATE TABLE ledger_schema (
            version INTEGER NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE tenants (
            id INTEGER NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            transfer_enabled BOOLEAN NOT NULL,
            points_type TEXT NOT NULL,
            exchange_rate BIGINT NOT NULL CHECK (exchange_rate > 0),
            currency TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE TABLE accounts (
            tenant INTEGER NOT NULL REFERENCES tenants (id),
            id BIGINT NOT NULL,
            account_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('wallet', 'points')),
            asset TEXT NOT NULL,
            user_id TEXT NOT NULL,
            is_system BOOLEAN NOT NULL DEFAULT false,
            application_id TEXT NOT NULL DEFAULT '',
            opened_balance BIGINT NOT NULL,
            opened_frozen_balance BIGINT NOT NULL,
            opened_status TEXT NOT NULL,
            opened_application_id TEXT NOT NULL,
            opened_total_earned BIGINT NOT NULL,
            opened_total_spent BIGINT NOT NULL,
            opened_expired_points BIGINT NOT NULL,
            opened_from TEXT NOT NULL DEFAULT '',
            created_at BIGINT NOT NULL,
            chain_link BIGINT,
            chain_hash BYTEA,
            PRIMARY KEY (tenant, id),
            UNIQUE (tenant, kind, asset, user_id)
        );
        CREATE INDEX accounts_by_user ON accounts (tenant, user_id);
        CREATE TABLE account_balances (
            tenant INTEGER NOT NULL,
            id BIGINT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'closed')),
            balance BIGINT NOT NULL,
            frozen_balance BIGINT NOT NULL,
            total_earned BIGINT NOT NULL DEFAULT 0,
            total_spent BIGINT NOT NULL DEFAULT 0,
            expired_points BIGINT NOT NULL DEFAULT 0,
            version BIGINT NOT NULL,
            last_sequence BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            posted_debits NUMERIC(39, 0) NOT NULL DEFAULT 0,
            posted_credits NUMERIC(39, 0) NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant, id),
            FOREIGN KEY (tenant, id) REFERENCES accounts (tenant, id)
        );
        CREATE VIEW account_view AS
            SELECT a.*, t.tenant_id, b.status, b.balance, b.frozen_balance, b.total_earned, b.total_spent, b.expired_points,
                   b.version, b.last_sequence, b.updated_at, b.posted_debits, b.posted_credits
            FROM accounts a JOIN tenants t ON t.id = a.tenant JOIN account_balances b ON b.tenant = a.tenant AND b.id = a.id;
        CREATE TABLE transfers (
            tenant INTEGER NOT NULL,
            id BIGINT NOT NULL,
            entry_type TEXT NOT NULL CHECK (entry_type IN ('transfer', 'opening')),
            debit_account BIGINT NOT NULL,
            credit_account BIGINT NOT NULL,
            amount BIGINT NOT NULL,
            debit_sequence BIGINT NOT NULL,
            debit_balance_after BIGINT NOT NULL,
            credit_sequence BIGINT NOT NULL,
            credit_balance_after BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            ulid BYTEA NOT NULL,
            idempotency_key TEXT,
            fingerprint BYTEA,
            run BIGINT NOT NULL,
            input_file BIGINT,
            line BIGINT NOT NULL DEFAULT 0,
            chain_hash BYTEA,
            PRIMARY KEY (tenant, id)
        );
        CREATE UNIQUE INDEX transfers_by_key ON transfers (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX transfers_keyless_by_content ON transfers (tenant, fingerprint) WHERE left(idempotency_key, 5) = 'auto-';
        \(historyIndexesSQL)
        CREATE TABLE transfer_texts (
            tenant INTEGER NOT NULL,
            transfer BIGINT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            reference_id TEXT NOT NULL DEFAULT '',
            source_file TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (tenant, transfer)
        );
        CREATE TABLE transfer_legacy_ids (
            tenant INTEGER NOT NULL,
            transfer BIGINT NOT NULL,
            transfer_id TEXT NOT NULL,
            debit_record TEXT NOT NULL,
            credit_record TEXT NOT NULL,
            PRIMARY KEY (tenant, transfer)
        );
        CREATE TABLE runs (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            run_id TEXT NOT NULL UNIQUE,
            command TEXT NOT NULL,
            pid BIGINT NOT NULL,
            started_at BIGINT NOT NULL,
            finished_at BIGINT,
            status TEXT NOT NULL,
            exit_code INTEGER,
            reports TEXT,
            inputs TEXT NOT NULL DEFAULT '',
            transfers_watermark BIGINT NOT NULL DEFAULT 0,
            resumes TEXT,
            resumed_by TEXT,
            rows_read BIGINT,
            rows_applied BIGINT,
            rows_duplicate BIGINT,
            rows_rejected BIGINT,
            heads_before TEXT,
            heads_after TEXT
        );
        CREATE TABLE tenant_changes (
            tenant INTEGER NOT NULL,
            id BIGINT GENERATED BY DEFAULT AS IDENTITY,
            chain_link BIGINT NOT NULL,
            name TEXT NOT NULL,
            transfer_enabled BOOLEAN NOT NULL,
            points_type TEXT NOT NULL,
            exchange_rate BIGINT NOT NULL,
            currency TEXT NOT NULL,
            changed_at BIGINT NOT NULL,
            chain_hash BYTEA NOT NULL,
            PRIMARY KEY (tenant, id)
        );
        CREATE INDEX tenant_changes_by_tenant ON tenant_changes (tenant, chain_link);
        CREATE TABLE chain_heads (
            tenant INTEGER NOT NULL PRIMARY KEY,
            links BIGINT NOT NULL,
            hash BYTEA NOT NULL
        );
        CREATE TABLE input_files (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            run_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            path TEXT NOT NULL,
            resumes BIGINT,
            rows_decided BIGINT NOT NULL DEFAULT 0,
            bytes_decided BIGINT NOT NULL DEFAULT 0,
            finished BOOLEAN NOT NULL DEFAULT false,
            sha256 BYTEA,
            UNIQUE (run_id, position)
        );
        CREATE TABLE input_checkpoints (
            input_file BIGINT NOT NULL,
            rows BIGINT NOT NULL,
            bytes BIGINT NOT NULL,
            prefix_sha256 BYTEA NOT NULL,
            PRIMARY KEY (input_file, rows)
        );
        CREATE TABLE rejected_rows (
            input_file BIGINT NOT NULL,
            line BIGINT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            decided_by_run TEXT NOT NULL,
            PRIMARY KEY (input_file, line)
        );
        CREATE TABLE break_register (
            tenant_id TEXT NOT NULL,
            id BIGINT GENERATED BY DEFAULT AS IDENTITY,
            break_id TEXT NOT NULL,
            check_name TEXT NOT NULL,
            user_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            asset TEXT NOT NULL,
            field TEXT NOT NULL,
            first_seen_at BIGINT NOT NULL,
            first_seen_run TEXT NOT NULL,
            last_seen_at BIGINT NOT NULL,
            last_seen_run TEXT NOT NULL,
            resolved_at BIGINT,
            resolved_run TEXT,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE UNIQUE INDEX break_register_open ON break_register (tenant_id, break_id) WHERE resolved_run IS NULL;
        CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% are append-only', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
        END
        $$;
        CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON transfers
            FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('journal entries');
        CREATE TRIGGER transfers_no_truncate BEFORE TRUNCATE ON transfers
            FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('journal entries');
        CREATE TRIGGER transfer_texts_append_only BEFORE UPDATE OR DELETE ON transfer_texts
            FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('journal entries');
        CREATE TRIGGER transfer_texts_no_truncate BEFORE TRUNCATE ON transfer_texts
            FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('journal entries');
        CREATE TRIGGER tenant_changes_append_only BEFORE UPDATE OR DELETE ON tenant_changes
            FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('tenant changes');
        CREATE TRIGGER tenant_changes_no_truncate BEFORE TRUNCATE ON tenant_changes
            FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('tenant changes');
        CREATE TRIGGER rejected_rows_append_only BEFORE UPDATE OR DELETE ON rejected_rows
            FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change('recorded decisions');
        CREATE TRIGGER rejected_rows_no_truncate BEFORE TRUNCATE ON rejected_rows
            FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change('recorded decisions');
        """

    /// What a database holds, seen from the schema the connection uses (`current_schema()`).
    enum Contents: Equatable {
        case ledger(version: Int)
        case empty
        case otherTables([String])
    }

    static func contents(_ session: PostgresSession) throws -> Contents {
        let marker = try session.rows("SELECT to_regclass('ledger_schema') IS NOT NULL") { try $0.decode(Bool.self) }
        if marker.first == true {
            let versions = try session.rows("SELECT version FROM ledger_schema") { try $0.decode(Int32.self) }
            return .ledger(version: Int(versions.max() ?? 0))
        }
        let tables = try session.rows("""
            SELECT c.relname::text FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            ORDER BY 1
            """) { try $0.decode(String.self) }
        return tables.isEmpty ? .empty : .otherTables(tables)
    }

    /// Makes sure the database holds a ledger this release can use.
    /// - Parameters:
    ///   - create: `--create-db`: an empty database gets the tables (one transaction: all or none).
    ///   - now: the creation time, UTC milliseconds.
    /// - Throws: `PostgresStoreError.noLedger` (empty and not `create`), `.notEmpty` (other tables,
    ///   no ledger), `.unknownSchema`, `.permissionDenied` (the user may not create tables).
    /// - Returns: true when this call created the tables.
    @discardableResult
    static func prepare(_ session: PostgresSession, create: Bool, now: Int64) throws -> Bool {
        switch try contents(session) {
        case .ledger(let version):
            guard version == PostgresSchema.version else { throw PostgresStoreError.unknownSchema(session.location, version: version) }
        case .otherTables(let tables):
            throw create ? PostgresStoreError.notEmpty(session.location, tables: tables) : PostgresStoreError.noLedger(session.location)
        case .empty:
            guard create else { throw PostgresStoreError.noLedger(session.location) }
            let created = try session.transaction {
                try session.execute("SELECT pg_advisory_xact_lock(\(creationLockKey))")
                // Another command may have created it while this one waited for the lock.
                guard try contents(session) == .empty else { return false }
                try session.executeScript(tablesSQL)
                try session.execute("INSERT INTO ledger_schema (version, created_at) VALUES (\(Int32(version)), \(now))")
                return true
            }
            try prepare(session, create: false, now: now)
            return created
        }
        return false
    }

    /// Removes a ledger `prepare` created that nothing was recorded in (no run, no tenant): a first
    /// night that stopped before it started (an unreadable input, exit 2) leaves the database as
    /// empty as it found it, as SQLite removes the file it created (SPEC §4).
    static func dropIfUnused(_ session: PostgresSession) throws {
        try session.transaction {
            try session.execute("SELECT pg_advisory_xact_lock(\(creationLockKey))")
            let used = try session.rows("SELECT EXISTS (SELECT 1 FROM runs) OR EXISTS (SELECT 1 FROM tenants)") {
                try $0.decode(Bool.self)
            }.first ?? true
            guard !used else { return }
            try session.executeScript("""
                DROP VIEW account_view;
                DROP TABLE ledger_schema, account_balances, transfer_texts, transfer_legacy_ids, tenant_changes, chain_heads,
                    transfers, accounts, tenants, runs, input_files, input_checkpoints, rejected_rows, break_register;
                DROP FUNCTION ledger_refuse_change()
                """)
        }
    }
}
