import GRDB
import Foundation
import LedgerStorage

/// Tables and migrations (SPEC §2). Schema v3 ("v3 compact transfers"), with v4's hash chain, v5's
/// status rule and v6's text columns:
///
/// - `tenants`: configuration, with an explicit integer `id` (rowids of tables without one may
///   change on VACUUM, and every other table refers to a tenant by it).
/// - `accounts`: user and system accounts (tenant by integer): who they belong to and the state
///   each was opened with (compared on snapshot re-load). Their current state is in
///   `account_balances`, a narrow table rewritten at every batch, with each account's posted
///   debit and credit totals so the trial balance and `account_matches_postings` are
///   O(accounts); `account_view` joins the three.
/// - `transfers`: one row per journal entry (a transfer or an opening balance; every entry has
///   exactly two legs): the debit and credit accounts, the amount, each leg's sequence and
///   balance_after, the ULID its ids derive from (`TransferULID`), the idempotency key (unique
///   per tenant) and fingerprint, the run, where the request came from and (since v6) its texts,
///   NULL when its type implies them (`StoredTexts`). Each leg on a user
///   account is that account's transaction record (`dto.TransactionResponse` /
///   `dto.PointTransactionResponse`): its balance_before is balance_after ∓ amount, its
///   counterparty and related_id come from the other leg.
/// - `transfer_texts`: description, reason, source, reference_id (and the source file of a
///   request read from no recorded file), only for transfers where one is not empty, for entries
///   written before v6; since v6 (`textsInRowMigration`) in the transfer's own row (`StoredTexts`).
/// - `transfer_legacy_ids`: ids of entries migrated from v2 that do not follow the ULID rule.
/// - `runs` (integer `id`), `input_files`, `input_checkpoints`, `rejected_rows`: runs and what
///   they decided (SPEC §2 "Running a night again", §4); `runs` also holds what each counted
///   (`RunHistory`).
/// - `break_register`: every break's first sighting and resolution (`BreakRegister`).
///
/// Transfers have no (account, sequence) index: the writer numbers legs from memory and
/// `LedgerScan` checks each chain in one pass in row order, so the index would only slow inserts.
///
/// Transfers and rejected rows are append-only: triggers refuse UPDATE and DELETE (SPEC §6).
enum LedgerSchema {
    /// The indexes behind a user's history listing, newest first (`transactions`): one per leg,
    /// merged by the query. A bulk import may drop them and build them once at the end
    /// (`SQLiteWriteStore.suspendHistoryIndex`).
    static let historyIndexesSQL = """
        CREATE INDEX IF NOT EXISTS transfers_debit_history ON transfers(debit_account, created_at, debit_sequence);
        CREATE INDEX IF NOT EXISTS transfers_credit_history ON transfers(credit_account, created_at, credit_sequence)
        """

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE tenants (
                    tenant_id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    transfer_enabled INTEGER NOT NULL,
                    points_type TEXT NOT NULL,
                    exchange_rate INTEGER NOT NULL CHECK (exchange_rate > 0),
                    currency TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE accounts (
                    id INTEGER PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    tenant_id TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('wallet', 'points')),
                    asset TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    is_system INTEGER NOT NULL DEFAULT 0,
                    application_id TEXT NOT NULL DEFAULT '',
                    opened_balance INTEGER NOT NULL,
                    opened_frozen_balance INTEGER NOT NULL,
                    opened_status TEXT NOT NULL,
                    opened_application_id TEXT NOT NULL,
                    opened_total_earned INTEGER NOT NULL,
                    opened_total_spent INTEGER NOT NULL,
                    opened_expired_points INTEGER NOT NULL,
                    opened_from TEXT NOT NULL DEFAULT '',
                    created_at INTEGER NOT NULL,
                    UNIQUE (tenant_id, kind, asset, user_id)
                );
                CREATE TABLE account_balances (
                    id INTEGER PRIMARY KEY REFERENCES accounts(id),
                    status TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'closed')),
                    balance INTEGER NOT NULL,
                    frozen_balance INTEGER NOT NULL,
                    total_earned INTEGER NOT NULL DEFAULT 0,
                    total_spent INTEGER NOT NULL DEFAULT 0,
                    expired_points INTEGER NOT NULL DEFAULT 0,
                    version INTEGER NOT NULL,
                    last_sequence INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE VIEW account_view AS
                    SELECT a.*, b.status, b.balance, b.frozen_balance, b.total_earned, b.total_spent, b.expired_points,
                           b.version, b.last_sequence, b.updated_at
                    FROM accounts a JOIN account_balances b ON b.id = a.id;
                CREATE INDEX accounts_by_user ON accounts(tenant_id, user_id);
                CREATE TABLE entries (
                    id INTEGER PRIMARY KEY,
                    transfer_id TEXT NOT NULL,
                    entry_type TEXT NOT NULL CHECK (entry_type IN ('transfer', 'opening')),
                    tenant_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    asset TEXT NOT NULL,
                    idempotency_key TEXT,
                    fingerprint BLOB,
                    from_user_id TEXT NOT NULL DEFAULT '',
                    to_user_id TEXT NOT NULL DEFAULT '',
                    amount INTEGER NOT NULL,
                    currency TEXT NOT NULL DEFAULT '',
                    description TEXT NOT NULL DEFAULT '',
                    reason TEXT NOT NULL DEFAULT '',
                    source TEXT NOT NULL DEFAULT '',
                    reference_id TEXT NOT NULL DEFAULT '',
                    run_id TEXT NOT NULL,
                    source_file TEXT NOT NULL DEFAULT '',
                    source_line INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX entries_by_key ON entries(tenant_id, idempotency_key)
                    WHERE idempotency_key IS NOT NULL;
                CREATE TABLE postings (
                    id INTEGER PRIMARY KEY,
                    record_id TEXT NOT NULL,
                    entry_id INTEGER NOT NULL,
                    account_id INTEGER NOT NULL,
                    sequence INTEGER NOT NULL,
                    amount INTEGER NOT NULL,
                    record_type TEXT NOT NULL,
                    balance_before INTEGER NOT NULL,
                    balance_after INTEGER NOT NULL,
                    counterparty_id TEXT NOT NULL DEFAULT '',
                    related_id TEXT NOT NULL DEFAULT '',
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX postings_history ON postings(account_id, created_at, sequence);
                CREATE TABLE runs (
                    run_id TEXT PRIMARY KEY NOT NULL,
                    command TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    status TEXT NOT NULL,
                    exit_code INTEGER,
                    reports TEXT
                );
                CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries
                    BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
                CREATE TRIGGER entries_append_only_delete BEFORE DELETE ON entries
                    BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
                CREATE TRIGGER postings_append_only_update BEFORE UPDATE ON postings
                    BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
                CREATE TRIGGER postings_append_only_delete BEFORE DELETE ON postings
                    BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
                """)
        }
        migrator.registerMigration("v2 decided inputs") { db in
            // SPEC §2 "Running a night again" and §4 "Interrupted runs resume": how far each
            // transfers file was decided (checkpoints of the parsed bytes' SHA-256 at batch ends)
            // and the decision on every rejected row; applied rows are found through their entries.
            try db.execute(sql: """
                CREATE TABLE input_files (
                    id INTEGER PRIMARY KEY,
                    run_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    path TEXT NOT NULL,
                    resumes INTEGER,
                    rows_decided INTEGER NOT NULL DEFAULT 0,
                    bytes_decided INTEGER NOT NULL DEFAULT 0,
                    finished INTEGER NOT NULL DEFAULT 0,
                    sha256 BLOB,
                    UNIQUE (run_id, position)
                );
                CREATE TABLE input_checkpoints (
                    input_file INTEGER NOT NULL,
                    rows INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    prefix_sha256 BLOB NOT NULL,
                    PRIMARY KEY (input_file, rows)
                ) WITHOUT ROWID;
                CREATE TABLE rejected_rows (
                    input_file INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    decided_by_run TEXT NOT NULL,
                    PRIMARY KEY (input_file, line)
                ) WITHOUT ROWID;
                ALTER TABLE entries ADD COLUMN input_file INTEGER;
                CREATE INDEX entries_keyless_by_content ON entries(tenant_id, fingerprint)
                    WHERE substr(idempotency_key, 1, 5) = 'auto-';
                ALTER TABLE runs ADD COLUMN inputs TEXT NOT NULL DEFAULT '';
                ALTER TABLE runs ADD COLUMN postings_watermark INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE runs ADD COLUMN resumes TEXT;
                ALTER TABLE runs ADD COLUMN resumed_by TEXT;
                CREATE TRIGGER rejected_rows_append_only_update BEFORE UPDATE ON rejected_rows
                    BEGIN SELECT RAISE(ABORT, 'recorded decisions are append-only'); END;
                CREATE TRIGGER rejected_rows_append_only_delete BEFORE DELETE ON rejected_rows
                    BEGIN SELECT RAISE(ABORT, 'recorded decisions are append-only'); END;
                """)
        }
        migrator.registerMigration("v3 compact transfers") { db in
            try CompactTransfersMigration.migrate(db)
        }
        migrator.registerMigration("v3 break register") { db in
            // SPEC §5: the break register (`BreakRegister`), and what each run counted (`RunHistory`).
            // After the compact schema, which rebuilds `runs`.
            try db.execute(sql: BreakRegister.tableSQL + RunHistory.countColumnsSQL)
        }
        migrator.registerMigration(HashChainMigration.identifier) { db in
            // SPEC §7: every tenant's hash chain; a ledger written before it gets its chains here.
            try HashChainMigration.migrate(db)
        }
        migrator.registerMigration("v5 account status check") { db in
            try rewriteStatusCheck(db)
        }
        migrator.registerMigration(textsInRowMigration) { db in
            // Columns only: the rows written before keep their texts in `transfer_texts` (nothing
            // is rewritten, `StoredTexts` reads both), and each new transfer's texts go into its
            // own row, one b-tree insert instead of two.
            try db.execute(sql: """
                ALTER TABLE transfers ADD COLUMN description TEXT;
                ALTER TABLE transfers ADD COLUMN reason TEXT;
                ALTER TABLE transfers ADD COLUMN source TEXT;
                ALTER TABLE transfers ADD COLUMN reference_id TEXT;
                ALTER TABLE transfers ADD COLUMN source_file TEXT
                """)
        }
        return migrator
    }

    /// v6: a transfer's free texts in its own row. Measured on the 1M bench run, the second
    /// insert (into `transfer_texts`) per transfer with a text was ~0.9 s of the transfers phase.
    static let textsInRowMigration = "v6 texts in the transfer row"

    /// A transfer's stored texts, for a query that reads `transfers t LEFT JOIN transfer_texts x
    /// ON x.transfer = t.id`: its own row's (set together, all five or none: `SQLiteWriteStore`)
    /// else the side table's (entries written before v6); NULL when it stored none (texts implied
    /// by its type). Either way the hash chain covers them (SPEC §7).
    enum StoredTexts {
        static let description = "COALESCE(t.description, x.description)"
        static let reason = "COALESCE(t.reason, x.reason)"
        static let source = "COALESCE(t.source, x.source)"
        static let referenceID = "COALESCE(t.reference_id, x.reference_id)"
        static let sourceFile = "COALESCE(t.source_file, x.source_file)"
        /// Whether the transfer stored texts at all.
        static let present = "(t.description IS NOT NULL OR x.transfer IS NOT NULL)"
    }

    /// `account_balances.status`'s CHECK as three comparisons instead of an IN list: SQLite
    /// evaluates `status IN ('active', 'frozen', 'closed')` by building an ephemeral table in every
    /// INSERT that has to check it (200,000 inserts, measured apart: 0.92 s of CPU against 0.34 s).
    /// The rule is the same. SQLite cannot alter a CHECK, so the table is rebuilt with its rows and
    /// ids as they are; `account_view`, which reads it, is dropped and made again as it was.
    static func rewriteStatusCheck(_ db: Database) throws {
        let inList = "CHECK (status IN ('active', 'frozen', 'closed'))"
        guard let table = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'account_balances'"),
              table.contains(inList) else { return }
        let rebuilt = table
            .replacingOccurrences(of: inList, with: "CHECK (status = 'active' OR status = 'frozen' OR status = 'closed')")
            .replacingOccurrences(of: "CREATE TABLE account_balances ", with: "CREATE TABLE account_balances_rebuilt ")
        guard rebuilt.contains("account_balances_rebuilt") else {
            throw DatabaseError(message: "account_balances is not defined as this migration expects; ledger left unchanged")
        }
        let view = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'account_view'")
        if view != nil { try db.execute(sql: "DROP VIEW account_view") }
        try db.execute(sql: rebuilt)
        try db.execute(sql: """
            INSERT INTO account_balances_rebuilt SELECT * FROM account_balances;
            DROP TABLE account_balances;
            ALTER TABLE account_balances_rebuilt RENAME TO account_balances
            """)
        if let view { try db.execute(sql: view) }
    }

    /// The migration that turns entries + postings into one `transfers` row per entry.
    static let compactTransfersMigration = "v3 compact transfers"

    /// Finds keyless transfers by content (SPEC §2 "Keyless look-alikes"). Partial: only transfers
    /// whose key was derived (`auto-…`) are indexed, so keyed imports pay nothing for it.
    static let lookAlikeIndexSQL = """
        CREATE INDEX IF NOT EXISTS transfers_keyless_by_content ON transfers(tenant, fingerprint)
            WHERE substr(idempotency_key, 1, 5) = 'auto-'
        """
    /// The condition a query repeats so SQLite can use `transfers_keyless_by_content`.
    static let keylessCondition = "substr(t.idempotency_key, 1, 5) = 'auto-'"
}
