import GRDB
import LedgerCore

/// Nothing in the ledger matches the request (the seeds' 404), or the ledger cannot be read as one.
public enum LedgerQueryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Unknown tenant, or the user has no account of the kind (or currency) asked for.
    case notFound(String)
    /// A stored row the query layer cannot interpret (e.g. a wallet whose currency is not known).
    case unreadable(String)

    public var description: String {
        switch self {
        case .notFound(let message), .unreadable(let message): message
        }
    }
}

/// One page of transaction records with its place in the whole listing.
public struct TransactionPage: Hashable, Sendable {
    public enum Items: Hashable, Sendable {
        case points([PointsRecord])
        case wallet([WalletRecord])

        public var count: Int {
            switch self {
            case .points(let records): records.count
            case .wallet(let records): records.count
            }
        }
    }

    public var query: TransactionQuery
    public var items: Items
    public var pagination: Pagination
}

/// One page of a tenant's users, each with all their accounts.
public struct AccountsPage: Hashable, Sendable {
    public var users: [UserAccounts]
    public var pagination: Pagination
}

/// Read-only queries over the ledger for `transactions` and `accounts` (SPEC §4).
///
/// A page of history is read through the index `postings_history (account_id, created_at,
/// sequence)` in its own order, newest first; SQLite appends the row id to every index, so the
/// order `created_at DESC, sequence DESC, id DESC` is total and needs no sort: pages never overlap
/// or skip, and a page costs its offset plus its size in index entries, never a scan of the table.
/// Several wallets are merged by one ordered index walk each (`MERGE (UNION ALL)`).
/// System accounts (empty user id) are never listed. Run each call inside one read transaction
/// (`queue.read`) so the count and the page see the same ledger.
public struct LedgerQueries {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Runs `body` in one read transaction of `store`, so its counts and pages agree.
    public static func read<T>(_ store: LedgerStore, _ body: (LedgerQueries) throws -> T) throws -> T {
        try store.queue.read { db in try body(LedgerQueries(db)) }
    }

    // MARK: Transactions

    /// The page of the user's history that `query` asks for.
    /// - Throws: `LedgerQueryError.notFound` for an unknown tenant or a user without such an account;
    ///   `DatabaseError` when the file is not a ledger.
    public func transactions(_ query: TransactionQuery) throws -> TransactionPage {
        let accounts = try historyAccounts(for: query)
        let pagination = Pagination(page: query.page, pageSize: query.pageSize, total: try count(query, accounts))
        guard let offset = pagination.offset else {
            let empty: TransactionPage.Items = query.kind == .points ? .points([]) : .wallet([])
            return TransactionPage(query: query, items: empty, pagination: pagination)
        }
        let (sql, arguments) = pageStatement(query, accounts, offset: offset)
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        let byRowID = Dictionary(uniqueKeysWithValues: accounts.map { ($0.rowID, $0) })
        switch query.kind {
        case .points:
            return TransactionPage(query: query, items: .points(try rows.map { try pointsRecord($0, byRowID) }), pagination: pagination)
        case .wallet:
            return TransactionPage(query: query, items: .wallet(try rows.map { try walletRecord($0, byRowID) }), pagination: pagination)
        }
    }

    /// SQLite's `EXPLAIN QUERY PLAN` details for the statements `transactions(query)` runs
    /// (the count, then the page), to show that they search the history index instead of scanning.
    public func plan(for query: TransactionQuery) throws -> [String] {
        let accounts = try historyAccounts(for: query)
        let count = countStatement(query, accounts)
        let page = pageStatement(query, accounts, offset: 0)
        return try [count, page].flatMap { sql, arguments in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// An account whose history is listed: its row id, public id and asset.
    struct HistoryAccount {
        var rowID: Int64
        var accountID: String
        var userID: String
        var asset: Asset
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
                SELECT id, account_id, asset FROM accounts
                WHERE tenant_id = ? AND user_id = ? AND kind = 'wallet' AND is_system = 0
                """
            var arguments: StatementArguments = [query.tenantID, query.userID]
            if let currency = query.currency {
                sql += " AND asset = ?"
                arguments += [currency.code]
            }
            let wallets = try Row.fetchAll(db, sql: sql + " ORDER BY asset", arguments: arguments).map { row in
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
        var sql = "SELECT COUNT(*) FROM postings WHERE account_id IN (\(placeholders(accounts.count)))"
        var arguments = StatementArguments(accounts.map(\.rowID))
        if let type = query.type {
            sql += " AND record_type = ?"
            arguments += [type.rawValue]
        }
        return (sql, arguments)
    }

    /// The page's postings with their journal entries. The inner select walks the history index
    /// of each account (index-only without a type filter) and keeps just the page's row ids;
    /// only those rows are then read and joined.
    private func pageStatement(_ query: TransactionQuery, _ accounts: [HistoryAccount], offset: Int) -> (String, StatementArguments) {
        let typeFilter = query.type == nil ? "" : " AND record_type = ?"
        let arm = "SELECT id, created_at, sequence FROM postings WHERE account_id = ?" + typeFilter
        var arguments = StatementArguments()
        for account in accounts {
            arguments += [account.rowID]
            if let type = query.type { arguments += [type.rawValue] }
        }
        arguments += [query.pageSize, offset]
        let sql = """
            SELECT p.record_id, p.account_id, p.record_type, p.amount, p.balance_before, p.balance_after,
                   p.counterparty_id, p.related_id, p.created_at,
                   e.entry_type, e.description, e.reason, e.source, e.reference_id, COALESCE(e.idempotency_key, '') AS idempotency_key
            FROM postings p JOIN entries e ON e.id = p.entry_id
            WHERE p.id IN (
                SELECT id FROM (
                    \(Array(repeating: arm, count: accounts.count).joined(separator: "\n UNION ALL "))
                    ORDER BY created_at DESC, sequence DESC, id DESC LIMIT ? OFFSET ?))
            ORDER BY p.created_at DESC, p.sequence DESC, p.id DESC
            """
        return (sql, arguments)
    }

    private func pointsRecord(_ row: Row, _ accounts: [Int64: HistoryAccount]) throws -> PointsRecord {
        let account = try owner(row, accounts)
        let isOpening = (row["entry_type"] as String) == "opening"
        return PointsRecord(
            id: row["record_id"], accountID: account.accountID, userID: account.userID, type: row["record_type"],
            amount: magnitude(row["amount"]), balanceBefore: row["balance_before"], balanceAfter: row["balance_after"],
            description: row["description"], reason: row["reason"], source: row["source"],
            relatedID: isOpening ? "" : row["related_id"], idempotencyKey: row["idempotency_key"], createdAt: row["created_at"]
        )
    }

    private func walletRecord(_ row: Row, _ accounts: [Int64: HistoryAccount]) throws -> WalletRecord {
        let account = try owner(row, accounts)
        return WalletRecord(
            id: row["record_id"], walletID: account.accountID, type: row["record_type"], amount: magnitude(row["amount"]),
            balanceBefore: row["balance_before"], balanceAfter: row["balance_after"], asset: account.asset,
            counterpartyID: row["counterparty_id"], description: row["description"], referenceID: row["reference_id"],
            createdAt: row["created_at"]
        )
    }

    private func owner(_ row: Row, _ accounts: [Int64: HistoryAccount]) throws -> HistoryAccount {
        let rowID: Int64 = row["account_id"]
        guard let account = accounts[rowID] else { throw LedgerQueryError.unreadable("posting of an account not asked for") }
        return account
    }

    /// A record's amount is the size of its signed posting (credit > 0, debit < 0).
    private func magnitude(_ signed: Int64) -> Int64 { Int64(clamping: signed.magnitude) }

    // MARK: Accounts

    /// One user's wallets and points account in a tenant.
    /// - Throws: `LedgerQueryError.notFound` for an unknown tenant or a user with no account in it.
    public func accounts(tenantID: String, userID: String) throws -> UserAccounts {
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
    public func accounts(_ query: AccountsQuery) throws -> AccountsPage {
        if let userID = query.userID {
            let user = try accounts(tenantID: query.tenantID, userID: userID)
            return AccountsPage(users: [user], pagination: Pagination(page: 1, pageSize: query.pageSize, total: 1))
        }
        let tenant = try tenantRow(query.tenantID)
        let total = try Int.fetchOne(db, sql: """
            SELECT COUNT(DISTINCT user_id) FROM accounts WHERE tenant_id = ? AND is_system = 0
            """, arguments: [query.tenantID]) ?? 0
        let pagination = Pagination(page: query.page, pageSize: query.pageSize, total: total)
        guard let offset = pagination.offset else { return AccountsPage(users: [], pagination: pagination) }
        let users = try String.fetchAll(db, sql: """
            SELECT DISTINCT user_id FROM accounts WHERE tenant_id = ? AND is_system = 0
            ORDER BY user_id LIMIT ? OFFSET ?
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
            SELECT id, account_id, asset FROM accounts
            WHERE tenant_id = ? AND user_id = ? AND kind = 'points' AND is_system = 0
            ORDER BY asset = ? DESC, id LIMIT 1
            """, arguments: [tenantID, userID, pointsType])
    }

    private func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
