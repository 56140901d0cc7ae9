import GRDB
import LedgerCore
import LedgerStorage

extension AccountTotals {
    /// Every account's stored state, sorted by tenant, kind, asset, user (system accounts first in their asset).
    static func fetchStoredState(_ db: Database) throws -> [AccountTotals] {
        let rows = try RawStatement(db, sql: """
            SELECT id, account_id, tenant_id, kind, asset, user_id, status, application_id,
                   balance, frozen_balance, total_earned, total_spent, expired_points, last_sequence, tenant,
                   posted_debits, posted_credits
            FROM account_view ORDER BY tenant_id, kind, asset, user_id
            """)
        // Sized once: grown by doubling, the array kept two copies alive at 200,000 accounts.
        var result: [AccountTotals] = []
        result.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accounts") ?? 0)
        try rows.query { row in
            result.append(AccountTotals(
                rowID: row.int64(0), accountID: row.string(1),
                key: AccountKey(tenantID: row.string(2), kind: AccountKind(rawValue: row.string(3)) ?? .wallet, asset: row.string(4),
                                userID: row.string(5)),
                status: row.string(6), applicationID: row.string(7), balance: row.int64(8), frozenBalance: row.int64(9),
                totalEarned: row.int64(10), totalSpent: row.int64(11), expiredPoints: row.int64(12), lastSequence: row.int64(13),
                tenantRowID: row.int64(14),
                // A stored total that is not a number reads as one that cannot be right, so the check reports it.
                debits: row.wide(15) ?? Int128.min, credits: row.wide(16) ?? Int128.min
            ))
        }
        return result
    }
}
