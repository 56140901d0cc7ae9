import GRDB
import LedgerCore
import LedgerStorage

/// The SQLite reads behind `JournalScan` (`ledger-recon export`, SPEC §4, §7): every SQL statement
/// the export needs is in this file, so that a change of the schema changes this file only.
enum SQLiteJournalReads {
    /// `WHERE` text and arguments for the tenant filter; `tenant_id = ?` compares bytes (BINARY).
    private static func tenantFilter(_ tenantID: String?, column: String = "tenant_id") -> (sql: String, arguments: StatementArguments) {
        guard let tenantID else { return ("1", []) }
        return ("\(column) = ?", [tenantID])
    }

    static func fetchTenants(_ db: Database, tenantID: String?) throws -> [JournalTenant] {
        let filter = tenantFilter(tenantID)
        return try Row.fetchAll(db, sql: """
            SELECT tenant_id, name, currency, points_type, exchange_rate FROM tenants WHERE \(filter.sql) ORDER BY tenant_id
            """, arguments: filter.arguments).map { row in
            JournalTenant(tenantID: row[0], name: row[1], currency: row[2], pointsType: row[3], exchangeRate: row[4])
        }
    }

    /// Every account with the earliest of its creation time and its first entry's time.
    static func fetchAccounts(_ db: Database, tenantID: String?) throws -> [JournalAccount] {
        let filter = tenantFilter(tenantID, column: "n.tenant_id")
        // One pass over the transfers, in row order, keeping the earliest time per account row:
        // memory grows with accounts only (a GROUP BY sorted every leg first).
        var firstEntry: [Int64: Int64] = [:]
        let transfers = try RawStatement(db, sql: """
            SELECT t.debit_account, t.credit_account, t.created_at FROM transfers t JOIN tenants n ON n.id = t.tenant
            WHERE \(filter.sql)
            """)
        if let tenantID { transfers.bind(1, tenantID) }
        try transfers.query { row in
            let createdAt = row.int64(2)
            for side: Int32 in [0, 1] {
                let account = row.int64(side)
                if let first = firstEntry[account], first <= createdAt { continue }
                firstEntry[account] = createdAt
            }
        }
        var accounts: [JournalAccount] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT n.tenant_id, a.kind, a.asset, a.user_id, a.account_id, a.created_at, a.id
            FROM accounts a JOIN tenants n ON n.id = a.tenant WHERE \(filter.sql)
            """, arguments: filter.arguments)
        while let row = try rows.next() {
            let key = try accountKey(tenantID: row[0], kind: row[1], asset: row[2], userID: row[3], what: "account '\(row[4] as String)'")
            let createdAt: Int64 = row[5]
            let rowID: Int64 = row[6]
            accounts.append(JournalAccount(key: key, accountID: row[4], openedAt: min(createdAt, firstEntry[rowID] ?? createdAt)))
        }
        return accounts.sorted { $0.key < $1.key }
    }

    private static func accountKey(tenantID: String, kind: String, asset: String, userID: String, what: String) throws -> AccountKey {
        guard let accountKind = AccountKind(rawValue: kind) else {
            throw JournalScanError.unreadable("\(what) has kind '\(kind)', neither wallet nor points")
        }
        return AccountKey(tenantID: tenantID, kind: accountKind, asset: asset, userID: userID)
    }

    /// Calls `body` for every entry, in the order they were written, from a cursor: memory stays
    /// flat whatever the number of entries.
    static func forEachEntry(_ db: Database, tenantID: String?, _ body: (JournalEntry) throws -> Void) throws {
        let filter = Self.tenantFilter(tenantID, column: "n.tenant_id")
        // Both legs' accounts name the users (an opening's debit leg is the system account, user
        // `""`) and the asset; ids derive from the ULID unless the entry kept v2 ids.
        let statement = try RawStatement(db, sql: """
            SELECT t.created_at, n.tenant_id, c.kind, c.asset, t.entry_type, d.user_id, c.user_id, t.amount, t.ulid,
                   t.idempotency_key, COALESCE(\(LedgerSchema.StoredTexts.description), ''), l.transfer_id
            FROM transfers t JOIN tenants n ON n.id = t.tenant
                JOIN accounts d ON d.id = t.debit_account JOIN accounts c ON c.id = t.credit_account
                LEFT JOIN transfer_texts x ON x.transfer = t.id LEFT JOIN transfer_legacy_ids l ON l.transfer = t.id
            WHERE \(filter.sql) ORDER BY t.id
            """)
        if let tenantID { statement.bind(1, tenantID) }
        try statement.query { row in
            let kindText = row.string(2), typeText = row.string(4)
            let kind = AccountKind(rawValue: kindText)
            let transferID = SQLiteWriteStore.transferID(ulid: row.blob(8), entryType: typeText, legacy: row, column: 11,
                                                     kind: kind ?? .wallet)
            guard let kind else {
                throw JournalScanError.unreadable("entry \(transferID) has kind '\(kindText)', neither wallet nor points")
            }
            guard let type = JournalEntry.EntryType(rawValue: typeText) else {
                throw JournalScanError.unreadable("entry \(transferID) has type '\(typeText)', neither transfer nor opening")
            }
            try body(JournalEntry(
                createdAt: row.int64(0), tenantID: row.string(1), kind: kind, asset: row.string(3), type: type,
                fromUserID: row.string(5), toUserID: row.string(6), amount: row.int64(7), transferID: transferID,
                idempotencyKey: row.isNull(9) ? nil : row.string(9), description: row.string(10)
            ))
        }
    }
}
