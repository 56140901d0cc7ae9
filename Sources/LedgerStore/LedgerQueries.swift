import GRDB
import LedgerCore
import LedgerStorage

/// Read-only queries over the ledger for `transactions` and `accounts` (SPEC §4).
///
/// An account's records are the legs of its transfers: a page of history is read through the
/// indexes `transfers_debit_history (debit_account, created_at, debit_sequence)` and
/// `transfers_credit_history (credit_account, created_at, credit_sequence)` in their own order,
/// newest first, one ordered walk per leg and account merged (`MERGE (UNION ALL)`); SQLite
/// appends the row id to every index, so the order `created_at DESC, sequence DESC, id DESC` is
/// total and needs no sort: pages never overlap or skip, and a page costs its offset plus its
/// size in index entries, never a scan of the table. Record ids, balance_before, counterparty and
/// related_id are derived from the row (`TransferULID`).
/// System accounts (empty user id) are never listed. Called through `SQLiteLedgerSnapshot`,
/// inside one read transaction, so the count and the page see the same ledger.
struct LedgerQueries {
    let db: Database

    init(_ db: Database) { self.db = db }

    // MARK: Transactions

    /// The page of the user's history that `query` asks for.
    /// - Throws: `LedgerQueryError.notFound` for an unknown tenant or a user without such an account;
    ///   `DatabaseError` when the file is not a ledger.
    func transactions(_ query: TransactionQuery) throws -> TransactionPage {
        let accounts = try historyAccounts(for: query)
        let pagination = Pagination(page: query.page, pageSize: query.pageSize, total: try count(query, accounts))
        guard let offset = pagination.offset else {
            let empty: TransactionPage.Items = query.kind == .points ? .points([]) : .wallet([])
            return TransactionPage(query: query, items: empty, pagination: pagination)
        }
        let (sql, arguments) = pageStatement(query, accounts, offset: offset)
        let byRowID = Dictionary(uniqueKeysWithValues: accounts.map { ($0.rowID, $0) })
        let records = try Row.fetchAll(db, sql: sql, arguments: arguments).map { try HistoryRecord(HistoryRow($0), accounts: byRowID) }
        switch query.kind {
        case .points:
            return TransactionPage(query: query, items: .points(records.map(\.pointsRecord)), pagination: pagination)
        case .wallet:
            return TransactionPage(query: query, items: .wallet(records.map(\.walletRecord)), pagination: pagination)
        }
    }

    /// SQLite's `EXPLAIN QUERY PLAN` details for the statements `transactions(query)` runs
    /// (the count, then the page), to show that they search the history index instead of scanning.
    func plan(for query: TransactionQuery) throws -> [String] {
        let accounts = try historyAccounts(for: query)
        let count = countStatement(query, accounts)
        let page = pageStatement(query, accounts, offset: 0)
        return try [count, page].flatMap { sql, arguments in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// The accounts the query lists: the user's points account, or the wallet(s).
    func historyAccounts(for query: TransactionQuery) throws -> [HistoryAccount] {
        let tenant = try tenantRow(query.tenantID)
        let who = "user '\(query.userID)'"
        switch query.kind {
        case .points:
            guard let account = try pointsAccountRow(tenantID: query.tenantID, userID: query.userID, pointsType: tenant.pointsType) else {
                throw LedgerQueryError.notFound("\(who) has no points account in tenant '\(query.tenantID)'")
            }
            return [HistoryAccount(rowID: account["id"], accountID: account["account_id"], userID: query.userID,
                                   asset: Asset(pointsType: account["asset"]))]
        case .wallet:
            var sql = """
                SELECT a.id, a.account_id, a.asset FROM accounts a JOIN tenants t ON t.id = a.tenant
                WHERE t.tenant_id = ? AND a.user_id = ? AND a.kind = 'wallet' AND a.is_system = 0
                """
            var arguments: StatementArguments = [query.tenantID, query.userID]
            if let currency = query.currency {
                sql += " AND a.asset = ?"
                arguments += [currency.code]
            }
            let wallets = try Row.fetchAll(db, sql: sql + " ORDER BY a.asset", arguments: arguments).map { row in
                let code: String = row["asset"]
                guard let asset = Asset(kind: .wallet, code: code) else {
                    throw LedgerQueryError.unreadable("wallet \(row["account_id"] as String) has unknown currency '\(code)'")
                }
                return HistoryAccount(rowID: row["id"], accountID: row["account_id"], userID: query.userID, asset: asset)
            }
            guard !wallets.isEmpty else {
                let which = query.currency.map { "no \($0.code) wallet" } ?? "no wallet"
                throw LedgerQueryError.notFound("\(who) has \(which) in tenant '\(query.tenantID)'")
            }
            return wallets
        }
    }

    private func count(_ query: TransactionQuery, _ accounts: [HistoryAccount]) throws -> Int {
        let (sql, arguments) = countStatement(query, accounts)
        return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }

    private func countStatement(_ query: TransactionQuery, _ accounts: [HistoryAccount]) -> (String, StatementArguments) {
        let arms = legArms(query, accounts)
        guard !arms.isEmpty else { return ("SELECT 0", []) }
        let sql = "SELECT " + arms.map { "(SELECT COUNT(*) FROM transfers WHERE \($0.condition))" }.joined(separator: " + ")
        return (sql, arms.reduce(into: StatementArguments()) { $0 += $1.arguments })
    }

    /// One walk of a history index: a leg (debit or credit) of one account, with the entry type
    /// that the query's record type needs on that leg, if any.
    private struct LegArm {
        var leg: HistoryRow.Leg
        var condition: String
        var arguments: StatementArguments
    }

    /// The arms that hold the query's records (`TransactionQuery.historyLegs` of every account).
    private func legArms(_ query: TransactionQuery, _ accounts: [HistoryAccount]) -> [LegArm] {
        let legs = query.historyLegs
        return accounts.flatMap { account in
            legs.map { leg, entryType in
                var arguments: StatementArguments = [account.rowID]
                var condition = "\(leg.column)_account = ?"
                if let entryType {
                    condition += " AND entry_type = ?"
                    arguments += [entryType]
                }
                return LegArm(leg: leg, condition: condition, arguments: arguments)
            }
        }
    }

    /// The page's records with their transfers. The inner select walks the history indexes (one
    /// walk per leg and account, index-only without a type filter) and keeps just the page's row
    /// ids and legs; only those rows are then read and joined.
    private func pageStatement(_ query: TransactionQuery, _ accounts: [HistoryAccount], offset: Int) -> (String, StatementArguments) {
        var arms = legArms(query, accounts)
        if arms.isEmpty { arms = [LegArm(leg: .credit, condition: "0", arguments: [])] }
        typealias texts = LedgerSchema.StoredTexts
        let selects = arms.map { arm in
            "SELECT id, created_at, \(arm.leg.column)_sequence AS sequence, \(arm.leg.rawValue) AS leg FROM transfers WHERE \(arm.condition)"
        }
        var arguments = arms.reduce(into: StatementArguments()) { $0 += $1.arguments }
        arguments += [query.pageSize, offset]
        let sql = """
            SELECT p.leg, t.id, t.entry_type, t.debit_account, t.credit_account, t.amount, t.debit_sequence,
                   t.debit_balance_after, t.credit_sequence, t.credit_balance_after, t.created_at, t.ulid,
                   COALESCE(t.idempotency_key, '') AS idempotency_key, \(texts.present) AS has_texts,
                   \(texts.description) AS description, \(texts.reason) AS reason, \(texts.source) AS source,
                   \(texts.referenceID) AS reference_id, l.transfer_id, l.debit_record, l.credit_record,
                   d.user_id AS debit_user, c.user_id AS credit_user, c.kind
            FROM (SELECT id, created_at, sequence, leg FROM (
                    \(selects.joined(separator: "\n UNION ALL "))
                    ORDER BY created_at DESC, sequence DESC, id DESC LIMIT ? OFFSET ?)) p
            JOIN transfers t ON t.id = p.id
            JOIN accounts d ON d.id = t.debit_account JOIN accounts c ON c.id = t.credit_account
            LEFT JOIN transfer_texts x ON x.transfer = t.id LEFT JOIN transfer_legacy_ids l ON l.transfer = t.id
            ORDER BY p.created_at DESC, p.sequence DESC, p.id DESC
            """
        return (sql, arguments)
    }

    // MARK: Accounts

    /// One user's wallets and points account in a tenant.
    /// - Throws: `LedgerQueryError.notFound` for an unknown tenant or a user with no account in it.
    func accounts(tenantID: String, userID: String) throws -> UserAccounts {
        let tenant = try tenantRow(tenantID)
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM account_view WHERE tenant_id = ? AND user_id = ? AND is_system = 0 ORDER BY kind, asset, id
            """, arguments: [tenantID, userID])
        guard let user = try group(rows, tenant: tenant).first else {
            throw LedgerQueryError.notFound("user '\(userID)' has no accounts in tenant '\(tenantID)'")
        }
        return user
    }

    /// One page of the tenant's users (sorted by user id), each with all their accounts.
    /// - Throws: `LedgerQueryError.notFound` for an unknown tenant.
    func accounts(_ query: AccountsQuery) throws -> AccountsPage {
        if let userID = query.userID {
            let user = try accounts(tenantID: query.tenantID, userID: userID)
            return AccountsPage(users: [user], pagination: Pagination(page: 1, pageSize: query.pageSize, total: 1))
        }
        let tenant = try tenantRow(query.tenantID)
        let total = try Int.fetchOne(db, sql: """
            SELECT COUNT(DISTINCT a.user_id) FROM accounts a JOIN tenants t ON t.id = a.tenant
            WHERE t.tenant_id = ? AND a.is_system = 0
            """, arguments: [query.tenantID]) ?? 0
        let pagination = Pagination(page: query.page, pageSize: query.pageSize, total: total)
        guard let offset = pagination.offset else { return AccountsPage(users: [], pagination: pagination) }
        let users = try String.fetchAll(db, sql: """
            SELECT DISTINCT a.user_id FROM accounts a JOIN tenants t ON t.id = a.tenant
            WHERE t.tenant_id = ? AND a.is_system = 0
            ORDER BY a.user_id LIMIT ? OFFSET ?
            """, arguments: [query.tenantID, query.pageSize, offset])
        guard let first = users.first, let last = users.last else { return AccountsPage(users: [], pagination: pagination) }
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM account_view WHERE tenant_id = ? AND user_id BETWEEN ? AND ? AND is_system = 0
            ORDER BY user_id, kind, asset, id
            """, arguments: [query.tenantID, first, last])
        return AccountsPage(users: try group(rows, tenant: tenant), pagination: pagination)
    }

    /// Groups account rows (sorted by user) into users. A user's points account is the one of the
    /// tenant's points type; should the user hold one of an older type only, that one is shown.
    private func group(_ rows: [Row], tenant: TenantRow) throws -> [UserAccounts] {
        var users: [UserAccounts] = []
        for row in rows {
            let userID: String = row["user_id"]
            // Byte-wise (SPEC §2): `josé` composed and decomposed are two users, even when adjacent.
            if users.last.map({ !OpaqueID.sameBytes($0.userID, userID) }) ?? true { users.append(UserAccounts(userID: userID, wallets: [], pointsAccount: nil)) }
            let kind: String = row["kind"], asset: String = row["asset"]
            if kind == AccountKind.wallet.rawValue {
                guard let walletAsset = Asset(kind: .wallet, code: asset) else {
                    throw LedgerQueryError.unreadable("wallet \(row["account_id"] as String) has unknown currency '\(asset)'")
                }
                users[users.count - 1].wallets.append(WalletView(
                    walletID: row["account_id"], applicationID: row["application_id"], tenantID: row["tenant_id"],
                    userID: userID, asset: walletAsset, balance: row["balance"], frozenBalance: row["frozen_balance"],
                    status: row["status"], createdAt: row["created_at"], updatedAt: row["updated_at"]
                ))
            } else if users[users.count - 1].pointsAccount == nil || OpaqueID.sameBytes(asset, tenant.pointsType) {
                users[users.count - 1].pointsAccount = PointsAccountView(
                    id: row["account_id"], tenantID: row["tenant_id"], userID: userID, pointsType: asset,
                    exchangeRate: tenant.exchangeRate, balance: row["balance"], frozenBalance: row["frozen_balance"],
                    totalEarned: row["total_earned"], totalSpent: row["total_spent"], expiredPoints: row["expired_points"],
                    status: row["status"], version: row["version"], createdAt: row["created_at"], updatedAt: row["updated_at"]
                )
            }
        }
        return users
    }

    // MARK: Shared look-ups

    struct TenantRow {
        var pointsType: String
        var exchangeRate: Int64
    }

    private func tenantRow(_ tenantID: String) throws -> TenantRow {
        guard let row = try Row.fetchOne(db, sql: "SELECT points_type, exchange_rate FROM tenants WHERE tenant_id = ?",
                                         arguments: [tenantID])
        else { throw LedgerQueryError.notFound("tenant '\(tenantID)' not found") }
        return TenantRow(pointsType: row["points_type"], exchangeRate: row["exchange_rate"])
    }

    /// The user's points account: the one of the tenant's points type, else the oldest.
    private func pointsAccountRow(tenantID: String, userID: String, pointsType: String) throws -> Row? {
        try Row.fetchOne(db, sql: """
            SELECT a.id, a.account_id, a.asset FROM accounts a JOIN tenants t ON t.id = a.tenant
            WHERE t.tenant_id = ? AND a.user_id = ? AND a.kind = 'points' AND a.is_system = 0
            ORDER BY a.asset = ? DESC, a.id LIMIT 1
            """, arguments: [tenantID, userID, pointsType])
    }

    private func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
