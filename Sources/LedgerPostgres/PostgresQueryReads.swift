public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// `transactions` and `accounts` on PostgreSQL (SPEC §4), answering as SQLite's `LedgerQueries`:
/// the same records, totals, pages and orders (user ids and assets sorted by their bytes,
/// `COLLATE "C"`), the same errors for an unknown tenant or user.
extension PostgresLedgerSnapshot {
    public func transactions(_ query: TransactionQuery) throws -> TransactionPage {
        let (tenant, accounts) = try historyAccounts(for: query)
        let history = historyQuery(query, tenant: tenant, accounts: accounts, offset: 0)
        let pagination = Pagination(page: query.page, pageSize: query.pageSize, total: Int(try history.count(session)))
        guard let offset = pagination.offset else {
            let empty: TransactionPage.Items = query.kind == .points ? .points([]) : .wallet([])
            return TransactionPage(query: query, items: empty, pagination: pagination)
        }
        let byRowID = Dictionary(uniqueKeysWithValues: accounts.map { ($0.rowID, $0) })
        let rows = try session.rows(historyQuery(query, tenant: tenant, accounts: accounts, offset: offset).recordsStatement) {
            try HistoryRow($0)
        }
        let records = try rows.map { try HistoryRecord($0, accounts: byRowID) }
        switch query.kind {
        case .points: return TransactionPage(query: query, items: .points(records.map(\.pointsRecord)), pagination: pagination)
        case .wallet: return TransactionPage(query: query, items: .wallet(records.map(\.walletRecord)), pagination: pagination)
        }
    }

    /// `EXPLAIN` of the count and of the page with its records.
    public func transactionPlan(_ query: TransactionQuery) throws -> [String] {
        let (tenant, accounts) = try historyAccounts(for: query)
        return try historyQuery(query, tenant: tenant, accounts: accounts, offset: 0).plan(session)
    }

    /// The walks that hold the query's records (`TransactionQuery.historyLegs` of every account).
    private func historyQuery(_ query: TransactionQuery, tenant: Int32, accounts: [HistoryAccount],
                              offset: Int) -> PostgresHistoryQuery {
        let legs = query.historyLegs
        let arms = accounts.flatMap { account in
            legs.map { PostgresHistoryQuery.Arm(leg: $0.leg, account: account.rowID, entryType: $0.entryType) }
        }
        return PostgresHistoryQuery(tenant: tenant, arms: arms, pageSize: query.pageSize, offset: offset)
    }

    /// The tenant's number and the accounts the query lists: the user's points account, or the wallet(s).
    private func historyAccounts(for query: TransactionQuery) throws -> (Int32, [HistoryAccount]) {
        let tenant = try tenantRow(query.tenantID)
        let who = "user '\(query.userID)'"
        switch query.kind {
        case .points:
            let rows = try session.rows("""
                SELECT id, account_id, asset FROM accounts
                WHERE tenant = \(tenant.number) AND user_id = \(query.userID) AND kind = 'points' AND NOT is_system
                ORDER BY asset = \(tenant.pointsType) DESC, id LIMIT 1
                """) { try $0.decode((Int64, String, String).self) }
            guard let (rowID, accountID, asset) = rows.first else {
                throw LedgerQueryError.notFound("\(who) has no points account in tenant '\(query.tenantID)'")
            }
            return (tenant.number, [.init(rowID: rowID, accountID: accountID, userID: query.userID, asset: Asset(pointsType: asset))])
        case .wallet:
            let currency = query.currency?.code
            let rows = try session.rows("""
                SELECT id, account_id, asset FROM accounts
                WHERE tenant = \(tenant.number) AND user_id = \(query.userID) AND kind = 'wallet' AND NOT is_system
                  AND (\(currency)::text IS NULL OR asset = \(currency))
                ORDER BY asset COLLATE "C"
                """) { try $0.decode((Int64, String, String).self) }
            let wallets = try rows.map { rowID, accountID, code in
                guard let asset = Asset(kind: .wallet, code: code) else {
                    throw LedgerQueryError.unreadable("wallet \(accountID) has unknown currency '\(code)'")
                }
                return HistoryAccount(rowID: rowID, accountID: accountID, userID: query.userID, asset: asset)
            }
            guard !wallets.isEmpty else {
                let which = query.currency.map { "no \($0.code) wallet" } ?? "no wallet"
                throw LedgerQueryError.notFound("\(who) has \(which) in tenant '\(query.tenantID)'")
            }
            return (tenant.number, wallets)
        }
    }

    // MARK: Accounts

    public func accounts(_ query: AccountsQuery) throws -> AccountsPage {
        let tenant = try tenantRow(query.tenantID)
        if let userID = query.userID {
            let rows = try session.rows(PostgresQuery(unsafeSQL: Self.accountViewSQL + """
                 AND a.user_id = $2 ORDER BY a.kind COLLATE "C", a.asset COLLATE "C", a.id
                """, binds: Self.bindings(tenant.number, userID))) { try AccountViewRow($0) }
            guard let user = try group(rows, tenant: tenant).first else {
                throw LedgerQueryError.notFound("user '\(userID)' has no accounts in tenant '\(query.tenantID)'")
            }
            return AccountsPage(users: [user], pagination: Pagination(page: 1, pageSize: query.pageSize, total: 1))
        }
        let total = try session.rows("""
            SELECT COUNT(DISTINCT user_id)::bigint FROM accounts WHERE tenant = \(tenant.number) AND NOT is_system
            """) { try $0.decode(Int64.self) }.first ?? 0
        let pagination = Pagination(page: query.page, pageSize: query.pageSize, total: Int(total))
        guard let offset = pagination.offset else { return AccountsPage(users: [], pagination: pagination) }
        let users = try session.rows("""
            SELECT DISTINCT user_id COLLATE "C" FROM accounts WHERE tenant = \(tenant.number) AND NOT is_system
            ORDER BY 1 LIMIT \(Int64(query.pageSize)) OFFSET \(Int64(offset))
            """) { try $0.decode(String.self) }
        guard let first = users.first, let last = users.last else { return AccountsPage(users: [], pagination: pagination) }
        var binds = Self.bindings(tenant.number, first)
        binds.append(last)
        let rows = try session.rows(PostgresQuery(unsafeSQL: Self.accountViewSQL + """
             AND a.user_id COLLATE "C" BETWEEN $2 AND $3
            ORDER BY a.user_id COLLATE "C", a.kind COLLATE "C", a.asset COLLATE "C", a.id
            """, binds: binds)) { try AccountViewRow($0) }
        return AccountsPage(users: try group(rows, tenant: tenant), pagination: pagination)
    }

    private static func bindings(_ tenant: Int32, _ text: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(tenant)
        binds.append(text)
        return binds
    }

    /// A tenant's user accounts with their balances (`$1`: the tenant's number); `AccountViewRow`'s columns.
    private static let accountViewSQL = """
        SELECT a.user_id, a.kind, a.asset, a.account_id, a.application_id, t.tenant_id, b.balance, b.frozen_balance,
               b.total_earned, b.total_spent, b.expired_points, b.status, b.version, a.created_at, b.updated_at
        FROM accounts a JOIN tenants t ON t.id = a.tenant JOIN account_balances b ON b.tenant = a.tenant AND b.id = a.id
        WHERE a.tenant = $1 AND NOT a.is_system
        """

    /// One row of `accountViewSQL`.
    private struct AccountViewRow: Sendable {
        var userID: String, kind: String, asset: String, accountID: String, applicationID: String, tenantID: String
        var balance: Int64, frozenBalance: Int64, totalEarned: Int64, totalSpent: Int64, expiredPoints: Int64
        var status: String, version: Int64, createdAt: Int64, updatedAt: Int64

        init(_ row: PostgresRow) throws {
            (userID, kind, asset, accountID, applicationID, tenantID, balance, frozenBalance, totalEarned, totalSpent, expiredPoints,
             status, version, createdAt, updatedAt) = try row.decode(
                (String, String, String, String, String, String, Int64, Int64, Int64, Int64, Int64, String, Int64, Int64, Int64).self)
        }
    }

    /// Groups account rows (sorted by user) into users. A user's points account is the one of the
    /// tenant's points type; should the user hold one of an older type only, that one is shown.
    private func group(_ rows: [AccountViewRow], tenant: TenantRow) throws -> [UserAccounts] {
        var users: [UserAccounts] = []
        for row in rows {
            // Byte-wise (SPEC §2): `josé` composed and decomposed are two users, even when adjacent.
            if users.last.map({ !OpaqueID.sameBytes($0.userID, row.userID) }) ?? true {
                users.append(UserAccounts(userID: row.userID, wallets: [], pointsAccount: nil))
            }
            if row.kind == AccountKind.wallet.rawValue {
                guard let asset = Asset(kind: .wallet, code: row.asset) else {
                    throw LedgerQueryError.unreadable("wallet \(row.accountID) has unknown currency '\(row.asset)'")
                }
                users[users.count - 1].wallets.append(WalletView(
                    walletID: row.accountID, applicationID: row.applicationID, tenantID: row.tenantID, userID: row.userID,
                    asset: asset, balance: row.balance, frozenBalance: row.frozenBalance, status: row.status,
                    createdAt: row.createdAt, updatedAt: row.updatedAt))
            } else if users[users.count - 1].pointsAccount == nil || OpaqueID.sameBytes(row.asset, tenant.pointsType) {
                users[users.count - 1].pointsAccount = PointsAccountView(
                    id: row.accountID, tenantID: row.tenantID, userID: row.userID, pointsType: row.asset,
                    exchangeRate: tenant.exchangeRate, balance: row.balance, frozenBalance: row.frozenBalance,
                    totalEarned: row.totalEarned, totalSpent: row.totalSpent, expiredPoints: row.expiredPoints,
                    status: row.status, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt)
            }
        }
        return users
    }

    // MARK: Shared look-ups

    struct TenantRow {
        var number: Int32
        var pointsType: String
        var exchangeRate: Int64
    }

    /// - Throws: `LedgerQueryError.notFound` for an unknown tenant.
    func tenantRow(_ tenantID: String) throws -> TenantRow {
        let rows = try session.rows("SELECT id, points_type, exchange_rate FROM tenants WHERE tenant_id = \(tenantID)") {
            try $0.decode((Int32, String, Int64).self)
        }
        guard let (number, pointsType, exchangeRate) = rows.first else { throw LedgerQueryError.notFound("tenant '\(tenantID)' not found") }
        return TenantRow(number: number, pointsType: pointsType, exchangeRate: exchangeRate)
    }
}
