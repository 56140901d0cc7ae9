import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// Converts a v2 ledger (entries + postings) to the compact v3 schema in place, inside the
/// migration's one transaction (SPEC §2; `LedgerSchema`).
///
/// Every entry keeps its row id, ids, key, fingerprint, amounts, sequences and balances; each
/// account gets its posted totals summed from its postings (in 128 bits). An entry that is not
/// exactly one debit and one credit of the same size cannot be one row: the migration stops,
/// naming it, and the ledger stays as it was (the backup beside it too).
enum CompactTransfersMigration {
    struct Unconvertible: Error, CustomStringConvertible {
        var entryID: Int64
        var problem: String

        var description: String {
            "cannot upgrade the ledger: journal entry \(entryID) \(problem); the file is unchanged. "
                + "Run `ledger-recon verify` with release 0.7.0 to see what is wrong with it"
        }
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            DROP VIEW account_view;
            CREATE TABLE tenants_v3 (
                id INTEGER PRIMARY KEY,
                tenant_id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                transfer_enabled INTEGER NOT NULL,
                points_type TEXT NOT NULL,
                exchange_rate INTEGER NOT NULL CHECK (exchange_rate > 0),
                currency TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            );
            INSERT INTO tenants_v3 (tenant_id, name, transfer_enabled, points_type, exchange_rate, currency, updated_at)
                SELECT tenant_id, name, transfer_enabled, points_type, exchange_rate, currency, updated_at FROM tenants ORDER BY rowid;
            INSERT INTO tenants_v3 (tenant_id, name, transfer_enabled, points_type, exchange_rate, currency, updated_at)
                SELECT DISTINCT tenant_id, tenant_id, 0, '', 1, '', 0 FROM accounts
                WHERE tenant_id NOT IN (SELECT tenant_id FROM tenants_v3);
            CREATE TABLE accounts_v3 (
                id INTEGER PRIMARY KEY,
                account_id TEXT NOT NULL,
                tenant INTEGER NOT NULL REFERENCES tenants_v3(id),
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
                UNIQUE (tenant, kind, asset, user_id)
            );
            INSERT INTO accounts_v3
                SELECT a.id, a.account_id, t.id, a.kind, a.asset, a.user_id, a.is_system, a.application_id, a.opened_balance,
                       a.opened_frozen_balance, a.opened_status, a.opened_application_id, a.opened_total_earned,
                       a.opened_total_spent, a.opened_expired_points, a.opened_from, a.created_at
                FROM accounts a JOIN tenants_v3 t ON t.tenant_id = a.tenant_id ORDER BY a.id;
            DROP TABLE accounts;
            ALTER TABLE accounts_v3 RENAME TO accounts;
            DROP TABLE tenants;
            ALTER TABLE tenants_v3 RENAME TO tenants;
            CREATE INDEX accounts_by_user ON accounts(tenant, user_id);
            ALTER TABLE account_balances ADD COLUMN posted_debits NOT NULL DEFAULT 0;
            ALTER TABLE account_balances ADD COLUMN posted_credits NOT NULL DEFAULT 0;
            \(accountViewSQL);
            CREATE TABLE runs_v3 (
                id INTEGER PRIMARY KEY,
                run_id TEXT NOT NULL UNIQUE,
                command TEXT NOT NULL,
                pid INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                finished_at INTEGER,
                status TEXT NOT NULL,
                exit_code INTEGER,
                reports TEXT,
                inputs TEXT NOT NULL DEFAULT '',
                transfers_watermark INTEGER NOT NULL DEFAULT 0,
                resumes TEXT,
                resumed_by TEXT
            );
            INSERT INTO runs_v3 (run_id, command, pid, started_at, finished_at, status, exit_code, reports, inputs,
                                 transfers_watermark, resumes, resumed_by)
                SELECT run_id, command, pid, started_at, finished_at, status, exit_code, reports, inputs,
                       COALESCE((SELECT MAX(p.entry_id) FROM postings p WHERE p.id <= r.postings_watermark), 0), resumes, resumed_by
                FROM runs r ORDER BY started_at, rowid;
            INSERT INTO runs_v3 (run_id, command, pid, started_at, status)
                SELECT DISTINCT run_id, '', 0, 0, 'finished' FROM entries WHERE run_id NOT IN (SELECT run_id FROM runs_v3);
            DROP TABLE runs;
            ALTER TABLE runs_v3 RENAME TO runs;
            \(transfersTablesSQL);
            """)
        try convertEntries(db)
        try db.execute(sql: """
            DROP TABLE postings;
            DROP TABLE entries;
            \(LedgerSchema.historyIndexesSQL);
            \(transfersTriggersSQL);
            """)
    }

    static let accountViewSQL = """
        CREATE VIEW account_view AS
            SELECT a.*, t.tenant_id, b.status, b.balance, b.frozen_balance, b.total_earned, b.total_spent, b.expired_points,
                   b.version, b.last_sequence, b.updated_at, b.posted_debits, b.posted_credits
            FROM accounts a JOIN tenants t ON t.id = a.tenant JOIN account_balances b ON b.id = a.id
        """

    static let transfersTablesSQL = """
        CREATE TABLE transfers (
            id INTEGER PRIMARY KEY,
            tenant INTEGER NOT NULL,
            entry_type TEXT NOT NULL CHECK (entry_type IN ('transfer', 'opening')),
            debit_account INTEGER NOT NULL,
            credit_account INTEGER NOT NULL,
            amount INTEGER NOT NULL,
            debit_sequence INTEGER NOT NULL,
            debit_balance_after INTEGER NOT NULL,
            credit_sequence INTEGER NOT NULL,
            credit_balance_after INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            ulid BLOB NOT NULL,
            idempotency_key TEXT,
            fingerprint BLOB,
            run INTEGER NOT NULL,
            input_file INTEGER,
            line INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX transfers_by_key ON transfers(tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
        \(LedgerSchema.lookAlikeIndexSQL);
        CREATE TABLE transfer_texts (
            transfer INTEGER PRIMARY KEY,
            description TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            reference_id TEXT NOT NULL DEFAULT '',
            source_file TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE transfer_legacy_ids (
            transfer INTEGER PRIMARY KEY,
            transfer_id TEXT NOT NULL,
            debit_record TEXT NOT NULL,
            credit_record TEXT NOT NULL
        )
        """

    static let transfersTriggersSQL = """
        CREATE TRIGGER transfers_append_only_update BEFORE UPDATE ON transfers
            BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
        CREATE TRIGGER transfers_append_only_delete BEFORE DELETE ON transfers
            BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
        CREATE TRIGGER transfer_texts_append_only_update BEFORE UPDATE ON transfer_texts
            BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
        CREATE TRIGGER transfer_texts_append_only_delete BEFORE DELETE ON transfer_texts
            BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END
        """

    /// One pass over entries joined with their postings, in entry order: one `transfers` row each,
    /// a text row where any text is set, a legacy-ids row where the ids do not follow the rule,
    /// and every account's posted totals.
    private static func convertEntries(_ db: Database) throws {
        let insertTransfer = try RawStatement(db, sql: """
            INSERT INTO transfers (id, tenant, entry_type, debit_account, credit_account, amount, debit_sequence,
                debit_balance_after, credit_sequence, credit_balance_after, created_at, ulid, idempotency_key, fingerprint,
                run, input_file, line)
            VALUES (?, (SELECT id FROM tenants WHERE tenant_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                (SELECT id FROM runs WHERE run_id = ?), ?, ?)
            """)
        let insertTexts = try RawStatement(db, sql: """
            INSERT INTO transfer_texts (transfer, description, reason, source, reference_id, source_file) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let insertLegacy = try RawStatement(db, sql: """
            INSERT INTO transfer_legacy_ids (transfer, transfer_id, debit_record, credit_record) VALUES (?, ?, ?, ?)
            """)
        var debits: [Int64: Int128] = [:], credits: [Int64: Int128] = [:]
        let kinds = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, kind FROM accounts").map {
            ($0[0] as Int64, AccountKind(rawValue: $0[1]) ?? .wallet)
        })
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.transfer_id, e.entry_type, e.tenant_id, e.idempotency_key, e.fingerprint, e.amount,
                   e.description, e.reason, e.source, e.reference_id, e.run_id, e.source_file, e.source_line, e.created_at,
                   e.input_file,
                   (SELECT COUNT(*) FROM postings p WHERE p.entry_id = e.id) AS legs,
                   d.account_id, d.sequence, d.amount, d.balance_before, d.balance_after, d.record_id, d.created_at,
                   c.account_id, c.sequence, c.amount, c.balance_before, c.balance_after, c.record_id, c.created_at
            FROM entries e
            LEFT JOIN postings d ON d.id = (SELECT MIN(id) FROM postings WHERE entry_id = e.id AND amount < 0)
            LEFT JOIN postings c ON c.id = (SELECT MIN(id) FROM postings WHERE entry_id = e.id AND amount > 0)
            ORDER BY e.id
            """)
        while let row = try rows.next() {
            let entryID: Int64 = row[0], amount: Int64 = row[6]
            guard row[16] as Int64 == 2, let debitAccount = row[17] as Int64?, let creditAccount = row[24] as Int64? else {
                throw Unconvertible(entryID: entryID, problem: "does not have exactly one debit and one credit posting")
            }
            guard row[19] as Int64 == -amount, row[26] as Int64 == amount, amount > 0 else {
                throw Unconvertible(entryID: entryID, problem: "has postings that differ from its amount \(amount)")
            }
            let debitBefore: Int64 = row[20], debitAfter: Int64 = row[21]
            let creditBefore: Int64 = row[27], creditAfter: Int64 = row[28]
            let createdAt: Int64 = row[14]
            guard Int128(debitBefore) - Int128(amount) == Int128(debitAfter),
                  Int128(creditBefore) + Int128(amount) == Int128(creditAfter),
                  row[23] as Int64 == createdAt, row[30] as Int64 == createdAt else {
                throw Unconvertible(entryID: entryID, problem: "has a posting whose balances or time do not follow from the entry")
            }
            let transferID: String = row[1], entryType: String = row[2]
            let debitRecord: String = row[22], creditRecord: String = row[29]
            let kind = kinds[creditAccount] ?? .wallet
            let idPrefix = entryType == "opening" ? "opn_" : "trf_"
            let ulid = TransferULID(transferID, prefix: idPrefix)
            let derived = ulid.map { TransferIdentifiers(ulid: $0, entryType: entryType, kind: kind) }
            insertTransfer.bind(1, entryID)
            insertTransfer.bind(2, row[3] as String)
            insertTransfer.bind(3, entryType)
            insertTransfer.bind(4, debitAccount)
            insertTransfer.bind(5, creditAccount)
            insertTransfer.bind(6, amount)
            insertTransfer.bind(7, row[18] as Int64)
            insertTransfer.bind(8, debitAfter)
            insertTransfer.bind(9, row[25] as Int64)
            insertTransfer.bind(10, creditAfter)
            insertTransfer.bind(11, createdAt)
            insertTransfer.bind(12, blob: (ulid ?? TransferULID(0)).blob)
            insertTransfer.bind(13, row[4] as String?)
            if let fingerprint = row[5] as Data? { insertTransfer.bind(14, blob: [UInt8](fingerprint)) } else { insertTransfer.bind(14, nil as String?) }
            insertTransfer.bind(15, row[11] as String)
            if let inputFile = row[15] as Int64? { insertTransfer.bind(16, inputFile) } else { insertTransfer.bind(16, nil as String?) }
            insertTransfer.bind(17, row[13] as Int64)
            try insertTransfer.execute()

            let texts: [String] = [row[7], row[8], row[9], row[10]]
            let sourceFile: String = row[15] as Int64? == nil && entryType == "transfer" ? row[12] : ""
            if !TransferTexts(description: texts[0], reason: texts[1], source: texts[2], referenceID: texts[3], sourceFile: sourceFile)
                .isImplied(entryType: entryType) {
                insertTexts.bind(1, entryID)
                for (offset, text) in (texts + [sourceFile]).enumerated() { insertTexts.bind(Int32(offset + 2), text) }
                try insertTexts.execute()
            }
            if derived?.transferID != transferID || derived?.debitRecordID != debitRecord || derived?.creditRecordID != creditRecord {
                insertLegacy.bind(1, entryID)
                insertLegacy.bind(2, transferID)
                insertLegacy.bind(3, debitRecord)
                insertLegacy.bind(4, creditRecord)
                try insertLegacy.execute()
            }
            debits[debitAccount, default: 0] += Int128(amount)
            credits[creditAccount, default: 0] += Int128(amount)
        }
        let update = try RawStatement(db, sql: "UPDATE account_balances SET posted_debits = ?, posted_credits = ? WHERE id = ?")
        for account in Set(debits.keys).union(credits.keys).sorted() {
            update.bind(1, wide: debits[account] ?? 0)
            update.bind(2, wide: credits[account] ?? 0)
            update.bind(3, account)
            try update.execute()
        }
    }
}
