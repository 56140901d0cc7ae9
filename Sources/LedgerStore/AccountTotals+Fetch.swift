import GRDB
import LedgerCore
import LedgerStorage

extension AccountTotals {
    /// Every account's stored state, sorted by tenant, kind, asset, user (system accounts first in their asset).
    static func fetchStoredState(_ db: Database) throws -> [AccountTotals] {
        // Sized once: grown by doubling, the array kept two copies alive at 200,000 accounts.
        var result: [AccountTotals] = []
        result.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accounts") ?? 0)
        try forEachStoredState(db) { result.append($0) }
        return result
    }

    /// Calls `body` with every account's stored state, in `fetchStoredState`'s order, one row at a
    /// time: nothing but the statement's current row is held.
    ///
    /// Tenant by tenant in the bytes of their ids (a handful), each tenant's accounts in the order
    /// of the unique index (tenant, kind, asset, user_id): no temporary B-tree sorts every account's
    /// row, which held tens of MB at 200,000 accounts.
    static func forEachStoredState(_ db: Database, _ body: (AccountTotals) throws -> Void) throws {
        let tenants = try Row.fetchAll(db, sql: "SELECT id, tenant_id FROM tenants").map { (rowID: $0[0] as Int64, tenantID: $0[1] as String) }
            .sorted { OpaqueID.bytesPrecede($0.tenantID, $1.tenantID) }
        let rows = try RawStatement(db, sql: """
            SELECT a.id, a.account_id, a.kind, a.asset, a.user_id, b.status, a.application_id,
                   b.balance, b.frozen_balance, b.total_earned, b.total_spent, b.expired_points, b.last_sequence,
                   b.posted_debits, b.posted_credits
            FROM accounts a JOIN account_balances b ON b.id = a.id
            WHERE a.tenant = ? ORDER BY a.kind, a.asset, a.user_id
            """)
        for tenant in tenants {
            rows.reset()
            rows.bind(1, tenant.rowID)
            try rows.query { row in
                try body(AccountTotals(
                    rowID: row.int64(0), accountID: row.string(1),
                    key: AccountKey(tenantID: tenant.tenantID, kind: AccountKind(rawValue: row.string(2)) ?? .wallet,
                                    asset: row.string(3), userID: row.string(4)),
                    status: row.string(5), applicationID: row.string(6), balance: row.int64(7), frozenBalance: row.int64(8),
                    totalEarned: row.int64(9), totalSpent: row.int64(10), expiredPoints: row.int64(11), lastSequence: row.int64(12),
                    tenantRowID: tenant.rowID,
                    // A stored total that is not a number reads as one that cannot be right, so the check reports it.
                    debits: row.wide(13) ?? Int128.min, credits: row.wide(14) ?? Int128.min
                ))
            }
        }
    }
}
