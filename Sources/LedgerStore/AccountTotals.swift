import GRDB
import LedgerCore

/// One account's stored state next to what its postings add up to: the raw material of
/// account_matches_postings, trial_balance and balances.csv, read in one pass over the postings.
public struct AccountTotals: Sendable {
    public var rowID: Int64
    public var accountID: String
    public var key: AccountKey
    public var status: String
    public var applicationID: String
    /// The stored state (`accounts` row).
    public var balance: Int64
    public var frozenBalance: Int64
    public var totalEarned: Int64
    public var totalSpent: Int64
    public var expiredPoints: Int64
    public var lastSequence: Int64
    /// What the postings say: their sum, count, highest sequence, and debit / credit sizes.
    public var posted: Int64
    public var postingCount: Int64
    public var maxSequence: Int64
    public var debits: Int64
    public var credits: Int64

    /// Every account, sorted by tenant, kind, asset, user (system accounts first in their asset).
    public static func fetchAll(_ db: Database) throws -> [AccountTotals] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT a.id, a.account_id, a.tenant_id, a.kind, a.asset, a.user_id, a.status, a.application_id,
                   a.balance, a.frozen_balance, a.total_earned, a.total_spent, a.expired_points, a.last_sequence,
                   COALESCE(t.posted, 0), COALESCE(t.legs, 0), COALESCE(t.max_sequence, 0),
                   COALESCE(t.debits, 0), COALESCE(t.credits, 0)
            FROM accounts a
            LEFT JOIN (
                SELECT account_id, SUM(amount) AS posted, COUNT(*) AS legs, MAX(sequence) AS max_sequence,
                       SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS debits,
                       SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS credits
                FROM postings GROUP BY account_id
            ) t ON t.account_id = a.id
            ORDER BY a.tenant_id, a.kind, a.asset, a.user_id
            """)
        var result: [AccountTotals] = []
        while let row = try rows.next() {
            result.append(AccountTotals(
                rowID: row[0], accountID: row[1],
                key: AccountKey(tenantID: row[2], kind: AccountKind(rawValue: row[3]) ?? .wallet, asset: row[4], userID: row[5]),
                status: row[6], applicationID: row[7], balance: row[8], frozenBalance: row[9], totalEarned: row[10],
                totalSpent: row[11], expiredPoints: row[12], lastSequence: row[13], posted: row[14], postingCount: row[15],
                maxSequence: row[16], debits: row[17], credits: row[18]
            ))
        }
        return result
    }

    /// Debits and credits per account from postings with row id above `watermark` (one run's postings).
    public static func movements(after watermark: Int64, in db: Database) throws -> [Int64: (debits: Int64, credits: Int64)] {
        var result: [Int64: (Int64, Int64)] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT account_id, SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END), SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END)
            FROM postings WHERE id > ? GROUP BY account_id
            """, arguments: [watermark])
        while let row = try rows.next() { result[row[0]] = (row[1], row[2]) }
        return result
    }
}
