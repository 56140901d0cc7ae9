public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// The reads behind `JournalScan` (`ledger-recon export`, SPEC §4, §7) on PostgreSQL, as SQLite's
/// `SQLiteJournalReads`: tenants and accounts up front, entries streamed in the order written.
extension PostgresLedgerSnapshot {
    public func journalTenants(tenantID: String?) throws -> [JournalTenant] {
        try session.rows("""
            SELECT tenant_id, name, currency, points_type, exchange_rate FROM tenants
            WHERE \(tenantID)::text IS NULL OR tenant_id = \(tenantID) ORDER BY tenant_id COLLATE "C"
            """) { row in
            let (tenantID, name, currency, pointsType, rate) = try row.decode((String, String, String, String, Int64).self)
            return JournalTenant(tenantID: tenantID, name: name, currency: currency, pointsType: pointsType, exchangeRate: rate)
        }
    }

    /// Every account with the earliest of its creation time and its first entry's: the first entry
    /// on each leg is one look-up in the history index (tenant, account, created_at, …).
    public func journalAccounts(tenantID: String?) throws -> [JournalAccount] {
        let rows = try session.rows("""
            SELECT n.tenant_id, a.kind, a.asset, a.user_id, a.account_id, LEAST(a.created_at,
                   (SELECT MIN(created_at) FROM transfers WHERE tenant = a.tenant AND debit_account = a.id),
                   (SELECT MIN(created_at) FROM transfers WHERE tenant = a.tenant AND credit_account = a.id))
            FROM accounts a JOIN tenants n ON n.id = a.tenant
            WHERE \(tenantID)::text IS NULL OR n.tenant_id = \(tenantID)
            """) { try $0.decode((String, String, String, String, String, Int64).self) }
        return try rows.map { tenantID, kind, asset, userID, accountID, openedAt in
            guard let accountKind = AccountKind(rawValue: kind) else {
                throw JournalScanError.unreadable("account '\(accountID)' has kind '\(kind)', neither wallet nor points")
            }
            return JournalAccount(key: AccountKey(tenantID: tenantID, kind: accountKind, asset: asset, userID: userID),
                                  accountID: accountID, openedAt: openedAt)
        }.sorted { $0.key < $1.key }
    }

    public func forEachJournalEntry(tenantID: String?, _ body: (JournalEntry) throws -> Void) throws {
        // Both legs' accounts name the users (an opening's debit leg is the system account, user
        // `""`) and the asset; ids derive from the ULID unless the entry kept v2 ids.
        let columns = """
            t.id, t.created_at, n.tenant_id, c.kind, c.asset, t.entry_type, d.user_id, c.user_id, t.amount, t.ulid,
            t.idempotency_key, COALESCE(x.description, ''), l.transfer_id
            """
        let joins = { (tenant: String) in """
            FROM transfers t JOIN tenants n ON n.id = t.tenant
                JOIN accounts d ON d.tenant = \(tenant) AND d.id = t.debit_account
                JOIN accounts c ON c.tenant = \(tenant) AND c.id = t.credit_account
                LEFT JOIN transfer_texts x ON x.tenant = \(tenant) AND x.transfer = t.id
                LEFT JOIN transfer_legacy_ids l ON l.tenant = \(tenant) AND l.transfer = t.id
            """ }
        let tenants = try TenantMerge.tenants(session, tenantID: tenantID)
        if tenantID != nil && tenants.isEmpty { return }
        let sql = TenantMerge.statement(
            tenants: tenants,
            arm: { "SELECT \(columns) \(joins(String($0))) WHERE t.tenant = \($0)" },
            whole: "SELECT * FROM (SELECT \(columns) \(joins("t.tenant"))) whole")
        try PostgresCursor.forEach(session, PostgresQuery(unsafeSQL: sql), decode: { row in
            try row.decode((Int64, Int64, String, String, String, String, String, String, Int64, ByteBuffer, String?, String,
                            String?).self)
        }) { _, createdAt, tenantID, kindText, asset, typeText, fromUser, toUser, amount, ulid, key, description, legacyID in
            let kind = AccountKind(rawValue: kindText)
            let transferID = legacyID
                ?? (typeText == "opening" ? "opn_" : "trf_") + (TransferULID(blob: Array(ulid.readableBytesView)) ?? TransferULID(0)).text
            guard let kind else {
                throw JournalScanError.unreadable("entry \(transferID) has kind '\(kindText)', neither wallet nor points")
            }
            guard let type = JournalEntry.EntryType(rawValue: typeText) else {
                throw JournalScanError.unreadable("entry \(transferID) has type '\(typeText)', neither transfer nor opening")
            }
            try body(JournalEntry(createdAt: createdAt, tenantID: tenantID, kind: kind, asset: asset, type: type, fromUserID: fromUser,
                                  toUserID: toUser, amount: amount, transferID: transferID, idempotencyKey: key,
                                  description: description))
        }
    }
}
