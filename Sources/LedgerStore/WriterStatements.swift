import GRDB

/// The hot loop's statements, prepared once per writer.
final class WriterStatements {
    let probeKey: RawStatement
    let findKey: RawStatement
    let findLookAlike: RawStatement
    let insertRejectedRow: RawStatement
    let insertTransfer: RawStatement
    let updateAccount: RawStatement
    let updateBalance: RawStatement
    let insertAccount: RawStatement
    let insertBalance: RawStatement
    let selectOpened: RawStatement
    // A deferred batch's last writes and commit, run on the inserter's thread, where GRDB's
    // `Database` must not be used (`SQLiteWriteStore.inDeferredBatchTransaction`).
    let upsertChainHead: RawStatement
    let insertCheckpoint: RawStatement
    let updateInputFile: RawStatement
    let dataVersion: RawStatement
    let beginImmediate: RawStatement
    let commit: RawStatement
    let rollback: RawStatement

    init(_ db: Database) throws {
        typealias texts = LedgerSchema.StoredTexts
        probeKey = try RawStatement(db, sql: "SELECT id FROM transfers WHERE tenant = ? AND idempotency_key = ?")
        findKey = try RawStatement(db, sql: """
            SELECT t.id, t.ulid, t.entry_type, t.fingerprint, t.input_file, t.line, r.run_id, d.user_id, c.user_id, c.kind, c.asset,
                   \(texts.description), \(texts.reason), \(texts.source), \(texts.referenceID),
                   COALESCE(f.path, \(texts.sourceFile), ''), l.transfer_id, t.amount
            FROM transfers t JOIN accounts d ON d.id = t.debit_account JOIN accounts c ON c.id = t.credit_account
            LEFT JOIN runs r ON r.id = t.run LEFT JOIN transfer_texts x ON x.transfer = t.id
            LEFT JOIN input_files f ON f.id = t.input_file LEFT JOIN transfer_legacy_ids l ON l.transfer = t.id
            WHERE t.id = ?
            """)
        findLookAlike = try RawStatement(db, sql: """
            SELECT t.ulid, COALESCE(f.path, \(texts.sourceFile), ''), t.line, t.input_file, r.run_id, l.transfer_id FROM transfers t
            LEFT JOIN runs r ON r.id = t.run LEFT JOIN transfer_texts x ON x.transfer = t.id
            LEFT JOIN input_files f ON f.id = t.input_file LEFT JOIN transfer_legacy_ids l ON l.transfer = t.id
            WHERE t.tenant = ? AND t.fingerprint = ? AND \(LedgerSchema.keylessCondition)
                AND COALESCE(t.input_file, -1) NOT IN (?, ?, ?, ?)
            ORDER BY t.id LIMIT 8
            """)
        insertRejectedRow = try RawStatement(db, sql: """
            INSERT INTO rejected_rows (input_file, line, code, message, decided_by_run) VALUES (?, ?, ?, ?, ?)
            """)
        insertTransfer = try RawStatement(db, sql: """
            INSERT INTO transfers (tenant, entry_type, debit_account, credit_account, amount, debit_sequence,
                debit_balance_after, credit_sequence, credit_balance_after, created_at, ulid, idempotency_key, fingerprint,
                run, input_file, line, chain_hash, description, reason, source, reference_id, source_file)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        updateAccount = try RawStatement(db, sql: """
            UPDATE account_balances SET status = ?, balance = ?, frozen_balance = ?, total_earned = ?, total_spent = ?,
                expired_points = ?, version = ?, last_sequence = ?, updated_at = ?, posted_debits = ?, posted_credits = ?
            WHERE id = ?
            """)
        // Leaves `status` alone, and so skips its CHECK: SQLite evaluates `status IN (…three values…)`
        // by building an ephemeral table in every execution, which made each batch's account write
        // cost three times a plain one (1.5M account writes in the 1M run: ~4 s of the writer's CPU).
        // Matches only while the stored status is the one bound; `writeBalances` falls back to
        // `updateAccount` otherwise.
        updateBalance = try RawStatement(db, sql: """
            UPDATE account_balances SET balance = ?2, frozen_balance = ?3, total_earned = ?4, total_spent = ?5,
                expired_points = ?6, version = ?7, last_sequence = ?8, updated_at = ?9, posted_debits = ?10, posted_credits = ?11
            WHERE id = ?12 AND status = ?1
            """)
        insertAccount = try RawStatement(db, sql: """
            INSERT INTO accounts (account_id, tenant, kind, asset, user_id, is_system, application_id,
                opened_balance, opened_frozen_balance, opened_status, opened_application_id, opened_total_earned,
                opened_total_spent, opened_expired_points, opened_from, created_at, chain_link, chain_hash, id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertBalance = try RawStatement(db, sql: """
            INSERT INTO account_balances (id, status, balance, frozen_balance, total_earned, total_spent, expired_points,
                version, last_sequence, updated_at, posted_debits, posted_credits)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        upsertChainHead = try RawStatement(db, sql: """
            INSERT INTO chain_heads (tenant, links, hash) VALUES (?, ?, ?)
            ON CONFLICT (tenant) DO UPDATE SET links = excluded.links, hash = excluded.hash
            """)
        insertCheckpoint = try RawStatement(
            db, sql: "INSERT OR IGNORE INTO input_checkpoints (input_file, rows, bytes, prefix_sha256) VALUES (?, ?, ?, ?)")
        updateInputFile = try RawStatement(
            db, sql: "UPDATE input_files SET rows_decided = ?, bytes_decided = ?, finished = ?, sha256 = ? WHERE id = ?")
        dataVersion = try RawStatement(db, sql: "PRAGMA data_version")
        beginImmediate = try RawStatement(db, sql: "BEGIN IMMEDIATE")
        commit = try RawStatement(db, sql: "COMMIT")
        rollback = try RawStatement(db, sql: "ROLLBACK")
        selectOpened = try RawStatement(db, sql: """
            SELECT opened_application_id, opened_status, opened_balance, opened_frozen_balance, opened_total_earned,
                   opened_total_spent, opened_expired_points, opened_from
            FROM accounts WHERE id = ?
            """)
    }
}
