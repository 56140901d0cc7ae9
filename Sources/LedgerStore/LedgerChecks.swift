import GRDB
import LedgerCore

/// The SPEC §5 checks that depend only on the ledger, as queries over what is stored.
///
/// Each returns every violation, not just the first. They read the database, never the writer's
/// memory, so they catch what our own code or a hand-edited database got wrong.
public struct LedgerChecks {
    public let scan: LedgerScan
    public var totals: [AccountTotals] { scan.totals }

    /// Scans the ledger once; the checks below share what it read.
    /// - Parameter watermark: the highest posting row id before a run, so the scan also sums that run's movements.
    public init(_ db: Database, watermark: Int64 = Int64.max) throws {
        scan = try LedgerScan(db, watermark: watermark)
    }

    public func run(_ check: CheckName) throws -> [CheckViolation] {
        switch check {
        case .entriesBalanced: scan.entryViolations
        case .trialBalance: trialBalance()
        case .accountMatchesPostings: accountMatchesPostings()
        case .balanceChain: scan.chainViolations
        case .noNegativeBalance: noNegativeBalance()
        case .pointsIdentity: pointsIdentity()
        default: preconditionFailure("\(check.rawValue) needs the run's inputs, not only the ledger")
        }
    }

    /// Per tenant and asset, debits equal credits over all postings of user and system accounts.
    func trialBalance() -> [CheckViolation] {
        TrialBalanceLine.lines(from: totals).compactMap { line in
            guard line.totalDebits != line.totalCredits else { return nil }
            return CheckViolation(check: .trialBalance, tenantID: line.tenantID, asset: line.asset,
                                  expected: line.totalDebits, actual: line.totalCredits,
                                  detail: "credits \(line.asset.format(wide: line.totalCredits)) ≠ debits \(line.asset.format(wide: line.totalDebits))")
        }
    }

    /// Each account's stored balance equals the sum of its postings, and its last sequence their count.
    func accountMatchesPostings() -> [CheckViolation] {
        totals.flatMap { account -> [CheckViolation] in
            let asset = Asset(kind: account.key.kind, code: account.key.asset)
            var found: [CheckViolation] = []
            if Int128(account.balance) != account.posted {
                found.append(account.violation(.accountMatchesPostings, asset: asset, expected: account.posted, actual: Int128(account.balance),
                                               detail: "stored balance differs from the sum of \(account.postingCount) postings"))
            }
            if account.lastSequence != account.postingCount || account.maxSequence != account.postingCount {
                found.append(account.violation(
                    .accountMatchesPostings, asset: nil, expected: Int128(account.postingCount), actual: Int128(account.lastSequence),
                    detail: "last_sequence \(account.lastSequence), \(account.postingCount) postings, highest sequence \(account.maxSequence)"))
            }
            return found
        }
    }

    /// No user account below zero, frozen_balance not negative and not above balance.
    func noNegativeBalance() -> [CheckViolation] {
        totals.filter { !$0.key.isSystem }.compactMap { account in
            let asset = Asset(kind: account.key.kind, code: account.key.asset)
            if account.balance < 0 {
                return account.violation(.noNegativeBalance, asset: asset, expected: 0, actual: Int128(account.balance), detail: "balance is negative")
            }
            if account.frozenBalance < 0 || account.frozenBalance > account.balance {
                // expected is the bound crossed: zero below, the balance above.
                let bound = account.frozenBalance < 0 ? 0 : Int128(account.balance)
                return account.violation(.noNegativeBalance, asset: asset, expected: bound, actual: Int128(account.frozenBalance),
                                         detail: "frozen_balance must be between 0 and balance")
            }
            return nil
        }
    }

    /// total_earned − total_spent − expired_points = balance on every user points account.
    func pointsIdentity() -> [CheckViolation] {
        totals.filter { !$0.key.isSystem && $0.key.kind == .points }.compactMap { account in
            // Exact in 128 bits: counters near Int64.max never wrap into a false pass (SPEC §6).
            let identity = Int128(account.totalEarned) - Int128(account.totalSpent) - Int128(account.expiredPoints)
            guard identity != Int128(account.balance) else { return nil }
            return account.violation(
                .pointsIdentity, asset: Asset(pointsType: account.key.asset), expected: identity, actual: Int128(account.balance),
                detail: "total_earned \(account.totalEarned) − total_spent \(account.totalSpent) − expired_points \(account.expiredPoints) ≠ balance")
        }
    }
}
