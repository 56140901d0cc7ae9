public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// The checks' reads of tenants and accounts (SPEC §5), as `SQLiteLedgerSnapshot` answers them:
/// `AccountTotals+Fetch.swift`, `TenantConfig+Fetch.swift` in LedgerStore.
extension PostgresLedgerSnapshot {
    public func accountTotals() throws -> [AccountTotals] {
        // Posted totals are NUMERIC(39,0): read as their decimal text, exact at any size (never a
        // Double); one that is not a number (NaN) reads as Int128.min, which the check reports.
        try session.rows("""
            SELECT a.id, a.account_id, a.kind, a.asset, a.user_id, b.status, a.application_id,
                   b.balance, b.frozen_balance, b.total_earned, b.total_spent, b.expired_points, b.last_sequence,
                   b.posted_debits::text, b.posted_credits::text, t.id::bigint, t.tenant_id
            FROM accounts a JOIN tenants t ON t.id = a.tenant JOIN account_balances b ON b.tenant = a.tenant AND b.id = a.id
            ORDER BY t.tenant_id COLLATE "C", a.kind COLLATE "C", a.asset COLLATE "C", a.user_id COLLATE "C"
            """) { row in
            let (rowID, accountID, kind, asset, userID, status, applicationID, balance, frozen, earned, spent, expired,
                 lastSequence, debits, credits, tenantRowID, tenantID) = try row.decode(
                (Int64, String, String, String, String, String, String, Int64, Int64, Int64, Int64, Int64, Int64, String, String,
                 Int64, String).self)
            return AccountTotals(
                rowID: rowID, accountID: accountID,
                key: AccountKey(tenantID: tenantID, kind: AccountKind(rawValue: kind) ?? .wallet, asset: asset, userID: userID),
                status: status, applicationID: applicationID, balance: balance, frozenBalance: frozen, totalEarned: earned,
                totalSpent: spent, expiredPoints: expired, lastSequence: lastSequence, tenantRowID: tenantRowID,
                debits: Int128(debits) ?? Int128.min, credits: Int128(credits) ?? Int128.min)
        }
    }

    public func tenantIDsByRowID() throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for (rowID, tenantID) in try session.rows("SELECT id::bigint, tenant_id FROM tenants", { try $0.decode((Int64, String).self) }) {
            names[rowID] = tenantID
        }
        return names
    }

    public func tenants() throws -> TenantDirectory {
        var tenants = TenantDirectory()
        let rows = try session.rows("""
            SELECT tenant_id, name, transfer_enabled, points_type, exchange_rate, currency FROM tenants
            """) { try $0.decode((String, String, Bool, String, Int64, String).self) }
        for (tenantID, name, transferEnabled, pointsType, exchangeRate, currency) in rows {
            // As SQLite's reader: a tenant of a currency this release does not know is left out.
            guard let currency = Currency(code: currency), exchangeRate > 0 else { continue }
            tenants[tenantID] = TenantConfig(tenantID: tenantID, name: name, transferEnabled: transferEnabled,
                                             pointsType: pointsType, exchangeRate: exchangeRate, currency: currency)
        }
        return tenants
    }

    public func lastTransferRowID() throws -> Int64 {
        try session.rows("SELECT COALESCE(MAX(id), 0)::bigint FROM transfers") { try $0.decode(Int64.self) }.first ?? 0
    }

    public func currentBalances() throws -> AccountStartStates {
        let highest = try session.rows("SELECT COALESCE(MAX(id), 0)::bigint FROM account_balances") { try $0.decode(Int64.self) }
        var balances = AccountStartStates(reservingUpTo: highest.first ?? 0)
        try PostgresCursor.forEach(session, "SELECT id, balance FROM account_balances ORDER BY id", decode: {
            try $0.decode((Int64, Int64).self)
        }) { rowID, balance in balances[rowID].balance = balance }
        return balances
    }
}
