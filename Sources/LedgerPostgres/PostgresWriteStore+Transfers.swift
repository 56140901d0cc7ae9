public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// The hot path on PostgreSQL: keys looked up per batch in one query, transfers and new accounts
/// buffered and sent with COPY, balances written with one UPDATE per chunk.
extension PostgresWriteStore {
    // MARK: Keys

    /// One query per batch: the probes as arrays, `unnest … WITH ORDINALITY` joined with
    /// `transfers_by_key`; the original's content comes back only for hits.
    package func lookUpKeys(_ probes: [KeyProbe]) throws -> [KeyLookup] {
        guard !probes.isEmpty else { return [] }
        try flushTransfers()
        let tenants = probes.map { Int32(truncatingIfNeeded: $0.tenantRowID) }, keys = probes.map(\.key)
        // The hits first, one probe of `transfers_by_key` per key (LATERAL … LIMIT 1 keeps the planner
        // from joining the whole table: on 750,000 transfers it chose a hash join with the accounts
        // and took 2 s per 50,000 keys, against 0.1 s probing); their details after, for the few found.
        let hits = try session.rows("""
            WITH hits AS MATERIALIZED (
                SELECT p.n, t.* FROM unnest(\(tenants)::integer[], \(keys)::text[]) WITH ORDINALITY AS p(tenant, key, n)
                CROSS JOIN LATERAL (
                    SELECT t.tenant, t.id, t.ulid, t.entry_type, t.fingerprint, t.input_file, t.line, t.run, t.debit_account,
                           t.credit_account, t.amount
                    FROM transfers t WHERE t.tenant = p.tenant AND t.idempotency_key = p.key AND t.idempotency_key IS NOT NULL
                    LIMIT 1) t
            )
            SELECT t.n, t.ulid, t.entry_type, t.fingerprint, t.input_file, t.line, r.run_id, d.user_id, c.user_id, c.kind, c.asset,
                   x.description, x.reason, x.source, x.reference_id, COALESCE(f.path, x.source_file, ''), l.transfer_id, t.amount
            FROM hits t
            JOIN accounts d ON d.tenant = t.tenant AND d.id = t.debit_account
            JOIN accounts c ON c.tenant = t.tenant AND c.id = t.credit_account
            LEFT JOIN runs r ON r.id = t.run
            LEFT JOIN transfer_texts x ON x.tenant = t.tenant AND x.transfer = t.id
            LEFT JOIN input_files f ON f.id = t.input_file
            LEFT JOIN transfer_legacy_ids l ON l.tenant = t.tenant AND l.transfer = t.id
            """, StoredKeyRow.init)
        var answers = [KeyLookup](repeating: .none, count: probes.count)
        for hit in hits {
            let index = Int(hit.ordinal) - 1
            guard answers.indices.contains(index) else { continue }
            answers[index] = hit.lookup(for: probes[index])
        }
        return answers
    }

    package func lookAlike(tenantRowID: Int64, digest: RequestDigest, notFrom files: Set<Int64>) throws -> LookAlike? {
        try flushTransfers()
        let tenant = Int32(truncatingIfNeeded: tenantRowID), excluded = files.sorted()
        // The condition repeats `transfers_keyless_by_content`'s predicate so the planner uses it.
        return try session.rows("""
            SELECT t.ulid, COALESCE(f.path, x.source_file, ''), t.line, l.transfer_id FROM transfers t
            LEFT JOIN transfer_texts x ON x.tenant = t.tenant AND x.transfer = t.id
            LEFT JOIN input_files f ON f.id = t.input_file
            LEFT JOIN transfer_legacy_ids l ON l.tenant = t.tenant AND l.transfer = t.id
            WHERE t.tenant = \(tenant) AND t.fingerprint = \(ByteBuffer(bytes: digest.bytes)) AND left(t.idempotency_key, 5) = 'auto-'
              AND (t.input_file IS NULL OR NOT t.input_file = ANY(\(excluded)::bigint[]))
            ORDER BY t.id LIMIT 1
            """) { row in
            let (ulid, file, line, legacy) = try row.decode((ByteBuffer, String, Int64, String?).self)
            return LookAlike(transferID: legacy ?? "trf_" + (TransferULID(blob: Array(ulid.readableBytesView)) ?? TransferULID(0)).text,
                             origin: RowOrigin(file: file, line: Int(line)))
        }.first
    }

    // MARK: Transfers

    package func appendTransfers(_ records: [TransferRecord]) throws {
        for record in records {
            let id = nextTransferID
            nextTransferID += 1
            let legs = record.legs, tenant = record.tenantRowID
            pendingTransfers.int(tenant)
            pendingTransfers.int(id)
            pendingTransfers.text(record.entryType.rawValue)
            pendingTransfers.int(legs.debitAccount)
            pendingTransfers.int(legs.creditAccount)
            pendingTransfers.int(legs.amount)
            pendingTransfers.int(legs.debitSequence)
            pendingTransfers.int(legs.debitBalanceAfter)
            pendingTransfers.int(legs.creditSequence)
            pendingTransfers.int(legs.creditBalanceAfter)
            pendingTransfers.int(record.createdAt)
            pendingTransfers.bytes(record.ulid.blob)
            pendingTransfers.text(record.idempotencyKey)
            pendingTransfers.bytes(record.fingerprint?.bytes)
            pendingTransfers.int(record.runRowID)
            pendingTransfers.int(record.inputFile)
            pendingTransfers.int(Int64(record.line))
            pendingTransfers.bytes(record.chainHash.bytes)
            pendingTransfers.endRow()
            let texts = record.texts
            guard !texts.isImplied(entryType: record.entryType.rawValue) else { continue }
            pendingTexts.int(tenant)
            pendingTexts.int(id)
            pendingTexts.text(texts.description)
            pendingTexts.text(texts.reason)
            pendingTexts.text(texts.source)
            pendingTexts.text(texts.referenceID)
            pendingTexts.text(texts.sourceFile)
            pendingTexts.endRow()
        }
        if pendingTransfers.rowCount >= Self.flushRows { try flushTransfers() }
    }

    // MARK: Accounts

    package func insertAccount(_ record: NewAccountRecord) throws -> Int64 {
        let id = nextAccountID
        nextAccountID += 1
        noteTenant(record.tenantRowID, ofAccount: id)
        let key = record.key, opened = record.opened, state = record.state
        pendingAccounts.int(record.tenantRowID)
        pendingAccounts.int(id)
        pendingAccounts.text(record.accountID)
        pendingAccounts.text(key.kind.rawValue)
        pendingAccounts.text(key.asset)
        pendingAccounts.text(key.userID)
        pendingAccounts.bool(key.isSystem)
        pendingAccounts.text(record.applicationID)
        pendingAccounts.int(opened?.balance ?? 0)
        pendingAccounts.int(opened?.frozenBalance ?? 0)
        pendingAccounts.text((opened?.status ?? .active).rawValue)
        pendingAccounts.text(opened?.applicationID ?? "")
        pendingAccounts.int(opened?.totalEarned ?? 0)
        pendingAccounts.int(opened?.totalSpent ?? 0)
        pendingAccounts.int(opened?.expiredPoints ?? 0)
        pendingAccounts.text(record.origin)
        pendingAccounts.int(record.createdAt)
        pendingAccounts.int(record.chainLink.links)
        pendingAccounts.bytes(record.chainLink.hash.bytes)
        pendingAccounts.endRow()
        pendingBalances.int(record.tenantRowID)
        pendingBalances.int(id)
        pendingBalances.text(state.status.rawValue)
        for value in [state.balance, state.frozenBalance, state.totalEarned, state.totalSpent, state.expiredPoints, state.version,
                      state.lastSequence, record.createdAt, 0, record.postedCredits] {
            pendingBalances.int(value)
        }
        pendingBalances.endRow()
        if pendingAccounts.rowCount >= Self.flushRows { try flushAccounts() }
        return id
    }

    /// One UPDATE per call: the accounts' new states as arrays, joined on the balances' key.
    package func writeBalances(_ accounts: [BalanceWrite], updatedAt: Int64) throws {
        guard !accounts.isEmpty else { return }
        try flushAccounts()
        let tenants = accounts.map { Int32(truncatingIfNeeded: $0.tenantRowID) }, ids = accounts.map(\.rowID)
        let statuses = accounts.map(\.state.status.rawValue)
        let balances = accounts.map(\.state.balance), frozen = accounts.map(\.state.frozenBalance)
        let earned = accounts.map(\.state.totalEarned), spent = accounts.map(\.state.totalSpent)
        let expired = accounts.map(\.state.expiredPoints), versions = accounts.map(\.state.version)
        let sequences = accounts.map(\.state.lastSequence)
        let debits = accounts.map { String($0.postedDebits) }, credits = accounts.map { String($0.postedCredits) }
        try session.execute("""
            UPDATE account_balances b SET status = u.status, balance = u.balance, frozen_balance = u.frozen_balance,
                total_earned = u.total_earned, total_spent = u.total_spent, expired_points = u.expired_points,
                version = u.version, last_sequence = u.last_sequence, updated_at = \(updatedAt),
                posted_debits = u.posted_debits, posted_credits = u.posted_credits
            FROM unnest(\(tenants)::integer[], \(ids)::bigint[], \(statuses)::text[], \(balances)::bigint[], \(frozen)::bigint[],
                        \(earned)::bigint[], \(spent)::bigint[], \(expired)::bigint[], \(versions)::bigint[], \(sequences)::bigint[],
                        \(debits)::numeric[], \(credits)::numeric[])
                AS u(tenant, id, status, balance, frozen_balance, total_earned, total_spent, expired_points, version,
                     last_sequence, posted_debits, posted_credits)
            WHERE b.tenant = u.tenant AND b.id = u.id
            """)
    }

    package func openedAccount(rowID: Int64) throws -> OpenedAccountRecord {
        try flushAccounts()
        let tenant = tenant(ofAccount: rowID)
        let found = try session.rows("""
            SELECT opened_application_id, opened_status, opened_balance, opened_frozen_balance, opened_total_earned,
                   opened_total_spent, opened_expired_points, opened_from
            FROM accounts WHERE tenant = \(tenant ?? -1) AND id = \(rowID)
            """) { row in try row.decode((String, String, Int64, Int64, Int64, Int64, Int64, String).self) }
        guard let (application, status, balance, frozen, earned, spent, expired, origin) = found.first else {
            preconditionFailure("a cached account has its row")
        }
        return OpenedAccountRecord(applicationID: application, status: AccountStatus(rawValue: status) ?? .closed, balance: balance,
                                   frozenBalance: frozen, totalEarned: earned, totalSpent: spent, expiredPoints: expired, origin: origin)
    }

    // MARK: Buffers

    /// Sends every buffered row: accounts (before anything that refers to them), then transfers.
    func flushPending() throws {
        try flushAccounts()
        try flushTransfers()
    }

    func flushAccounts() throws {
        guard pendingAccounts.rowCount > 0 else { return }
        let accounts = pendingAccounts.finish(), balances = pendingBalances.finish()
        pendingAccounts = CopyTextEncoder()
        pendingBalances = CopyTextEncoder()
        try session.copy(into: "accounts", columns: Self.accountColumns, chunks: accounts)
        try session.copy(into: "account_balances", columns: Self.balanceColumns, chunks: balances)
    }

    func flushTransfers() throws {
        guard pendingTransfers.rowCount > 0 else { return }
        let transfers = pendingTransfers.finish(), texts = pendingTexts.finish(), textRows = pendingTexts.rowCount
        pendingTransfers = CopyTextEncoder()
        pendingTexts = CopyTextEncoder()
        try session.copy(into: "transfers", columns: PostgresTransferRow.columns, chunks: transfers)
        if textRows > 0 { try session.copy(into: "transfer_texts", columns: PostgresTransferRow.textColumns, chunks: texts) }
    }

    /// Forgets the buffered rows of a batch that rolled back.
    func discardPending() {
        pendingTransfers = CopyTextEncoder()
        pendingTexts = CopyTextEncoder()
        pendingAccounts = CopyTextEncoder()
        pendingBalances = CopyTextEncoder()
    }

    static let accountColumns = [
        "tenant", "id", "account_id", "kind", "asset", "user_id", "is_system", "application_id", "opened_balance",
        "opened_frozen_balance", "opened_status", "opened_application_id", "opened_total_earned", "opened_total_spent",
        "opened_expired_points", "opened_from", "created_at", "chain_link", "chain_hash",
    ]
    static let balanceColumns = [
        "tenant", "id", "status", "balance", "frozen_balance", "total_earned", "total_spent", "expired_points", "version",
        "last_sequence", "updated_at", "posted_debits", "posted_credits",
    ]
}

/// A stored transfer found by its key, with what the engine needs to tell a duplicate from a reused key.
struct StoredKeyRow: Sendable {
    var ordinal: Int64
    var ulid: [UInt8]
    var entryType: String
    var fingerprint: [UInt8]?
    var inputFile: Int64?
    var line: Int64
    var runID: String?
    var fromUserID: String
    var toUserID: String
    var kind: String
    var asset: String
    var texts: [String?]
    var file: String
    var legacyID: String?
    var amount: Int64

    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        func bytes(_ index: Int) throws -> [UInt8]? { try cells[index].decode(ByteBuffer?.self).map { Array($0.readableBytesView) } }
        ordinal = try cells[0].decode(Int64.self)
        ulid = try bytes(1) ?? []
        entryType = try cells[2].decode(String.self)
        fingerprint = try bytes(3)
        inputFile = try cells[4].decode(Int64?.self)
        line = try cells[5].decode(Int64.self)
        runID = try cells[6].decode(String?.self)
        fromUserID = try cells[7].decode(String.self)
        toUserID = try cells[8].decode(String.self)
        kind = try cells[9].decode(String.self)
        asset = try cells[10].decode(String.self)
        texts = try (11...14).map { try cells[$0].decode(String?.self) }
        file = try cells[15].decode(String.self)
        legacyID = try cells[16].decode(String?.self)
        amount = try cells[17].decode(Int64.self)
    }

    /// The answer for `probe`: its origin when the digests match, the original's content when not.
    func lookup(for probe: KeyProbe) -> KeyLookup {
        let transferID = legacyID ?? (entryType == "opening" ? "opn_" : "trf_") + (TransferULID(blob: ulid) ?? TransferULID(0)).text
        if let fingerprint, RequestDigest(bytes: fingerprint) == probe.digest {
            return .same(transferID: transferID, origin: EntryOrigin(inputFile: inputFile, line: Int(line)))
        }
        let accountKind = AccountKind(rawValue: kind) ?? .wallet
        let fingerprint = RequestFingerprint(
            kind: accountKind, tenantID: probe.tenantID, fromUserID: fromUserID, toUserID: toUserID, amount: amount,
            currency: accountKind == .wallet ? asset : "", description: texts[0] ?? "", reason: texts[1] ?? "",
            source: texts[2] ?? "", referenceID: texts[3] ?? "")
        return .different(PriorTransfer(transferID: transferID, fingerprint: fingerprint,
                                        origin: RowOrigin(file: file, line: Int(line)), runID: runID ?? ""))
    }
}
