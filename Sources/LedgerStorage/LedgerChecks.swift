public import LedgerCore

/// The SPEC §5 checks that depend only on the ledger, over what is stored.
///
/// Each returns every violation, not just the first. They read the ledger (`LedgerSnapshot`), never the writer's
/// memory (only its start states, read from the database when the run began), so they catch
/// what our own code or a hand-edited database got wrong. Their scope (`CheckScope`) is the run's
/// transfers for a run and all history for `verify` (SPEC §5 "Scope of the checks").
public struct LedgerChecks {
    public let scan: LedgerScan
    public var totals: [AccountTotals] { scan.totals }
    public var scope: CheckScope { scan.scope }

    /// Scans what `scope` covers in `snapshot` once; the checks below share what it read.
    /// With `chain`, the scan also feeds it every entry (`LedgerScan`).
    public init(_ snapshot: any LedgerSnapshot, scope: CheckScope, chain: HashChainCheck.Pass? = nil) throws {
        scan = try LedgerScan(snapshot, scope: scope, chain: chain)
    }

    /// Every check of all history (`verify`, and a ledger just migrated).
    public init(full snapshot: any LedgerSnapshot) throws {
        try self.init(snapshot, scope: try CheckScope.full(snapshot))
    }

    /// Whether `check` looked at the scope's transfers only (`run`) or at everything (`full`):
    /// the checks over accounts' stored state always cover every account.
    public func extent(of check: CheckName) -> CheckScope.Extent {
        switch check {
        case .entriesBalanced, .balanceChain, .accountMatchesPostings: scope.extent
        default: .full
        }
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

    /// Each account's stored state equals its state at the scope's start plus the legs scanned:
    /// balance (which is also its last record's balance_after), last sequence and posted totals;
    /// and its balance equals its posted credits less debits (all history, in O(1) per account).
    func accountMatchesPostings() -> [CheckViolation] {
        scan.totals.indices.flatMap { index -> [CheckViolation] in
            let account = scan.totals[index]
            let start = scope.startStates[account.rowID]
            let (legs, debits, credits) = scan.scanned(index)
            let asset = Asset(kind: account.key.kind, code: account.key.asset)
            let expectedBalance = Int128(start.balance) + credits - debits
            let postings = scope.extent == .full ? "the sum of \(legs) postings" : "its balance at the run's start plus the run's \(legs) postings"
            var found: [CheckViolation] = []
            if Int128(account.balance) != expectedBalance {
                found.append(account.violation(.accountMatchesPostings, asset: asset, expected: expectedBalance, actual: Int128(account.balance),
                                               detail: "stored balance differs from \(postings)"))
            } else if account.balance != scan.chainEnds[index] {
                found.append(account.violation(.accountMatchesPostings, asset: asset, expected: Int128(scan.chainEnds[index]),
                                               actual: Int128(account.balance),
                                               detail: "stored balance differs from its last record's balance_after"))
            }
            let expectedSequence = Int128(start.lastSequence) + Int128(legs)
            if Int128(account.lastSequence) != expectedSequence {
                found.append(account.violation(
                    .accountMatchesPostings, asset: nil, expected: expectedSequence, actual: Int128(account.lastSequence),
                    detail: "last_sequence \(account.lastSequence), expected \(expectedSequence) (\(legs) postings scanned)"))
            }
            let balanceFlagged = !found.isEmpty
            var totalsFlagged = false
            for (field, stored, expected) in [("posted_debits", account.debits, start.postedDebits + debits),
                                              ("posted_credits", account.credits, start.postedCredits + credits)] where stored != expected {
                totalsFlagged = true
                found.append(account.violation(.accountMatchesPostings, asset: asset, expected: expected, actual: stored,
                                               detail: "\(field) \(stored) differs from \(expected) that the postings add up to"))
            }
            // The start state was read from the same rows: a balance edited between two runs passes
            // the comparisons above in a run's scope, but not this identity over all of its history.
            if !balanceFlagged, !totalsFlagged, Int128(account.balance) != account.posted {
                found.append(account.violation(.accountMatchesPostings, asset: asset, expected: account.posted, actual: Int128(account.balance),
                                               detail: "stored balance differs from its posted credits less debits"))
            }
            return found
        }
    }

    /// No user account below zero, frozen_balance not negative and not above balance.
    func noNegativeBalance() -> [CheckViolation] {
        // Lazily: a filtered copy of every account's totals was the run's largest allocation.
        Array(totals.lazy.filter { !$0.key.isSystem }.compactMap { account in
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
        })
    }

    /// total_earned − total_spent − expired_points = balance on every user points account.
    func pointsIdentity() -> [CheckViolation] {
        Array(totals.lazy.filter { !$0.key.isSystem && $0.key.kind == .points }.compactMap { account in
            // Exact in 128 bits: counters near Int64.max never wrap into a false pass (SPEC §6).
            let identity = Int128(account.totalEarned) - Int128(account.totalSpent) - Int128(account.expiredPoints)
            guard identity != Int128(account.balance) else { return nil }
            return account.violation(
                .pointsIdentity, asset: Asset(pointsType: account.key.asset), expected: identity, actual: Int128(account.balance),
                detail: "total_earned \(account.totalEarned) − total_spent \(account.totalSpent) − expired_points \(account.expiredPoints) ≠ balance")
        })
    }
}
