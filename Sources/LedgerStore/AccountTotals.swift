import GRDB
import LedgerCore

/// One account's stored state next to what its postings add up to: the raw material of
/// account_matches_postings, trial_balance and balances.csv. Filled in by `LedgerScan`.
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
    /// What the postings say: their sum, count, highest sequence, and debit / credit sizes. Sums
    /// are 128-bit: a history of amounts near Int64.max adds up exactly, never wraps (SPEC §6).
    public var posted: Int128 = 0
    public var postingCount: Int64 = 0
    public var maxSequence: Int64 = 0
    public var debits: Int128 = 0
    public var credits: Int128 = 0

    /// Every account's stored state, sorted by tenant, kind, asset, user (system accounts first in their asset).
    static func fetchStoredState(_ db: Database) throws -> [AccountTotals] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, account_id, tenant_id, kind, asset, user_id, status, application_id,
                   balance, frozen_balance, total_earned, total_spent, expired_points, last_sequence
            FROM account_view ORDER BY tenant_id, kind, asset, user_id
            """)
        var result: [AccountTotals] = []
        while let row = try rows.next() {
            result.append(AccountTotals(
                rowID: row[0], accountID: row[1],
                key: AccountKey(tenantID: row[2], kind: AccountKind(rawValue: row[3]) ?? .wallet, asset: row[4], userID: row[5]),
                status: row[6], applicationID: row[7], balance: row[8], frozenBalance: row[9], totalEarned: row[10],
                totalSpent: row[11], expiredPoints: row[12], lastSequence: row[13]
            ))
        }
        return result
    }

    mutating func add(amount: Int64, sequence: Int64) {
        posted += Int128(amount)
        postingCount += 1
        maxSequence = max(maxSequence, sequence)
        if amount < 0 { debits -= Int128(amount) } else { credits += Int128(amount) }
    }

    /// A violation about this account, its detail prefixed with which account it is.
    func violation(_ check: CheckName, asset: Asset?, expected: Int128, actual: Int128, detail: String) -> CheckViolation {
        let who = key.isSystem ? "system account \(accountID): " : "account \(accountID): "
        return CheckViolation(check: check, tenantID: key.tenantID, userID: key.userID, asset: asset,
                              expected: expected, actual: actual, detail: who + detail)
    }
}
