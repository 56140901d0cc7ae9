import GRDB
import LedgerCore

/// One account's stored state, with its stored posted totals: the raw material of
/// account_matches_postings, trial_balance and balances.csv. Read by `LedgerScan`, which checks
/// the stored totals against the account's start state plus the legs it scanned.
public struct AccountTotals: Sendable {
    public var rowID: Int64
    public var accountID: String
    public var key: AccountKey
    public var status: String
    public var applicationID: String
    /// The stored state (`account_balances` row).
    public var balance: Int64
    public var frozenBalance: Int64
    public var totalEarned: Int64
    public var totalSpent: Int64
    public var expiredPoints: Int64
    public var lastSequence: Int64
    /// `tenants.id` of the account's tenant.
    var tenantRowID: Int64
    /// Sizes of every debit and credit leg ever posted, as stored with the account. 128-bit: a
    /// history of amounts near Int64.max adds up exactly, never wraps (SPEC §6).
    public var debits: Int128
    public var credits: Int128
    /// What the account's legs add up to (credit-normal): credits − debits.
    public var posted: Int128 { credits - debits }

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

    /// A violation about this account, its detail prefixed with which account it is.
    func violation(_ check: CheckName, asset: Asset?, expected: Int128, actual: Int128, detail: String) -> CheckViolation {
        let who = key.isSystem ? "system account \(accountID): " : "account \(accountID): "
        return CheckViolation(check: check, tenantID: key.tenantID, userID: key.userID, asset: asset,
                              expected: expected, actual: actual, detail: who + detail)
    }
}
