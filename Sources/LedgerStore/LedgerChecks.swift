import GRDB
import LedgerCore

/// The SPEC §5 checks that depend only on the ledger, as queries over what is stored.
///
/// Each returns every violation, not just the first. They read the database, never the writer's
/// memory, so they catch what our own code or a hand-edited database got wrong.
public struct LedgerChecks {
    public let totals: [AccountTotals]
    private let db: Database

    /// Reads every account's totals once; the checks below share them.
    public init(_ db: Database) throws {
        self.db = db
        totals = try AccountTotals.fetchAll(db)
    }

    public func run(_ check: CheckName) throws -> [CheckViolation] {
        switch check {
        case .entriesBalanced: try entriesBalanced()
        case .trialBalance: trialBalance()
        case .accountMatchesPostings: accountMatchesPostings()
        case .balanceChain: try balanceChain()
        case .noNegativeBalance: noNegativeBalance()
        case .pointsIdentity: pointsIdentity()
        default: preconditionFailure("\(check.rawValue) needs the run's inputs, not only the ledger")
        }
    }

    /// Every entry's postings sum to zero, there are at least two, and all are in the entry's tenant and asset.
    func entriesBalanced() throws -> [CheckViolation] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.transfer_id, e.tenant_id, e.kind, e.asset, SUM(p.amount), COUNT(*),
                   SUM(a.tenant_id != e.tenant_id OR a.kind != e.kind OR a.asset != e.asset)
            FROM postings p JOIN entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id
            GROUP BY p.entry_id
            HAVING SUM(p.amount) != 0 OR COUNT(*) < 2 OR SUM(a.tenant_id != e.tenant_id OR a.kind != e.kind OR a.asset != e.asset) > 0
            ORDER BY e.tenant_id, e.kind, e.asset, e.transfer_id
            """)
        return rows.map { row in
            let asset = Asset(kind: AccountKind(rawValue: row[2]) ?? .wallet, code: row[3])
            let total: Int64 = row[4], legs: Int64 = row[5], foreign: Int64 = row[6]
            var problems: [String] = []
            if total != 0 { problems.append("postings sum to \(asset?.format(total) ?? String(total)), not zero") }
            if legs < 2 { problems.append("has \(legs) posting") }
            if foreign > 0 { problems.append("\(foreign) posting(s) on another tenant's or asset's account") }
            return CheckViolation(check: .entriesBalanced, tenantID: row[1], asset: asset, expected: 0, actual: total,
                                  detail: "entry \(row[0] as String) " + problems.joined(separator: "; "))
        }
    }

    /// Per tenant and asset, debits equal credits over all postings of user and system accounts.
    func trialBalance() -> [CheckViolation] {
        TrialBalanceLine.lines(from: totals).compactMap { line in
            guard line.totalDebits != line.totalCredits else { return nil }
            return CheckViolation(check: .trialBalance, tenantID: line.tenantID, asset: line.asset,
                                  expected: line.totalDebits, actual: line.totalCredits,
                                  detail: "credits \(line.asset.format(line.totalCredits)) ≠ debits \(line.asset.format(line.totalDebits))")
        }
    }

    /// Each account's stored balance equals the sum of its postings, and its last sequence their count.
    func accountMatchesPostings() -> [CheckViolation] {
        totals.flatMap { account -> [CheckViolation] in
            let asset = Asset(kind: account.key.kind, code: account.key.asset)
            var found: [CheckViolation] = []
            if account.balance != account.posted {
                found.append(violation(.accountMatchesPostings, account, asset, expected: account.posted, actual: account.balance,
                                       detail: "stored balance differs from the sum of \(account.postingCount) postings"))
            }
            if account.lastSequence != account.postingCount || account.maxSequence != account.postingCount {
                found.append(violation(.accountMatchesPostings, account, asset, expected: account.postingCount, actual: account.lastSequence,
                                       detail: "last_sequence \(account.lastSequence), \(account.postingCount) postings, highest sequence \(account.maxSequence)",
                                       amounts: false))
            }
            return found
        }
    }

    /// Each record's balance_before is the previous record's balance_after (0 for the first),
    /// balance_after = balance_before + amount, and sequences run 1, 2, 3… without gaps.
    func balanceChain() throws -> [CheckViolation] {
        let byRowID = Dictionary(uniqueKeysWithValues: totals.map { ($0.rowID, $0) })
        let rows = try Row.fetchAll(db, sql: """
            SELECT account_id, record_id, sequence, amount, balance_before, balance_after, previous_after, previous_sequence
            FROM (
                SELECT account_id, record_id, sequence, amount, balance_before, balance_after,
                       LAG(balance_after, 1, 0) OVER chain AS previous_after,
                       LAG(sequence, 1, 0) OVER chain AS previous_sequence
                FROM postings WINDOW chain AS (PARTITION BY account_id ORDER BY sequence)
            )
            WHERE balance_after != balance_before + amount OR balance_before != previous_after
               OR sequence != previous_sequence + 1
            ORDER BY account_id, sequence
            """)
        return rows.compactMap { row in
            guard let account = byRowID[row[0]] else { return nil }
            let asset = Asset(kind: account.key.kind, code: account.key.asset)
            let sequence: Int64 = row[2], amount: Int64 = row[3], before: Int64 = row[4], after: Int64 = row[5]
            let previousAfter: Int64 = row[6], previousSequence: Int64 = row[7]
            let record = "record \(row[1] as String) (sequence \(sequence))"
            if sequence != previousSequence + 1 {
                return violation(.balanceChain, account, asset, expected: previousSequence + 1, actual: sequence,
                                 detail: "\(record) follows sequence \(previousSequence)", amounts: false)
            }
            if before != previousAfter {
                return violation(.balanceChain, account, asset, expected: previousAfter, actual: before,
                                 detail: "\(record) balance_before differs from the previous balance_after")
            }
            return violation(.balanceChain, account, asset, expected: before &+ amount, actual: after,
                             detail: "\(record) balance_after ≠ balance_before \(asset?.format(before) ?? "") + amount \(asset?.format(amount) ?? "")")
        }
    }

    /// No user account below zero, frozen_balance not negative and not above balance.
    func noNegativeBalance() -> [CheckViolation] {
        totals.filter { !$0.key.isSystem }.compactMap { account in
            let asset = Asset(kind: account.key.kind, code: account.key.asset)
            if account.balance < 0 {
                return violation(.noNegativeBalance, account, asset, expected: 0, actual: account.balance, detail: "balance is negative")
            }
            if account.frozenBalance < 0 || account.frozenBalance > account.balance {
                return violation(.noNegativeBalance, account, asset, expected: account.balance, actual: account.frozenBalance,
                                 detail: "frozen_balance must be between 0 and balance")
            }
            return nil
        }
    }

    /// total_earned − total_spent − expired_points = balance on every user points account.
    func pointsIdentity() -> [CheckViolation] {
        totals.filter { !$0.key.isSystem && $0.key.kind == .points }.compactMap { account in
            let identity = account.totalEarned &- account.totalSpent &- account.expiredPoints
            guard identity != account.balance else { return nil }
            return violation(.pointsIdentity, account, Asset(pointsType: account.key.asset), expected: identity, actual: account.balance,
                             detail: "total_earned \(account.totalEarned) − total_spent \(account.totalSpent) − expired_points \(account.expiredPoints) ≠ balance")
        }
    }

    private func violation(
        _ check: CheckName, _ account: AccountTotals, _ asset: Asset?, expected: Int64, actual: Int64, detail: String,
        amounts: Bool = true
    ) -> CheckViolation {
        let who = account.key.isSystem ? "system account \(account.accountID): " : "account \(account.accountID): "
        return CheckViolation(check: check, tenantID: account.key.tenantID, userID: account.key.userID,
                              asset: amounts ? asset : nil, expected: expected, actual: actual, detail: who + detail)
    }
}
