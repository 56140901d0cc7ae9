public import LedgerCore

/// The SPEC §5 checks that depend only on the ledger, over what is stored.
///
/// Each returns every violation, not just the first. They read the ledger (`LedgerSnapshot`), never the writer's
/// memory (only its start states, read from the database when the run began), so they catch
/// what our own code or a hand-edited database got wrong. Their scope (`CheckScope`) is the run's
/// transfers for a run and all history for `verify` (SPEC §5 "Scope of the checks").
public struct LedgerChecks {
    public let scan: LedgerScan
    public var scope: CheckScope { scan.scope }
    /// Per tenant and asset over every account's stored posted totals (trial_balance.csv), in report order.
    public let trialBalanceLines: [TrialBalanceLine]
    /// The checks over every account's stored state, found as the scan read the accounts
    /// (`no_negative_balance`, `points_identity`) or after it (`account_matches_postings`,
    /// and the scan's `balance_chain`), each account named.
    private var accountViolations: [CheckName: [CheckViolation]] = [:]

    /// Scans what `scope` covers in `snapshot` once; the checks below share what it read.
    /// With `chain`, the scan also feeds it every entry (`LedgerScan`).
    public init(_ snapshot: any LedgerSnapshot, scope: CheckScope, chain: HashChainCheck.Pass? = nil) throws {
        var negative: [CheckViolation] = [], points: [CheckViolation] = []
        scan = try LedgerScan(snapshot, scope: scope, chain: chain) { account in
            if let violation = LedgerChecks.negativeBalance(account) { negative.append(violation) }
            if let violation = LedgerChecks.pointsIdentity(account) { points.append(violation) }
        }
        trialBalanceLines = TrialBalanceLine.lines(from: scan.accounts)
        let pending: [CheckName: [PendingAccountViolation]] = [
            .accountMatchesPostings: LedgerChecks.accountMatchesPostings(scan), .balanceChain: scan.chainViolations,
        ]
        accountViolations = try LedgerChecks.named(pending, in: snapshot)
        accountViolations[.noNegativeBalance] = negative
        accountViolations[.pointsIdentity] = points
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
        case .accountMatchesPostings, .balanceChain, .noNegativeBalance, .pointsIdentity: accountViolations[check] ?? []
        default: preconditionFailure("\(check.rawValue) needs the run's inputs, not only the ledger")
        }
    }

    /// Per tenant and asset, debits equal credits over all postings of user and system accounts.
    func trialBalance() -> [CheckViolation] {
        trialBalanceLines.compactMap { line in
            guard line.totalDebits != line.totalCredits else { return nil }
            return CheckViolation(check: .trialBalance, tenantID: line.tenantID, asset: line.asset,
                                  expected: line.totalDebits, actual: line.totalCredits,
                                  detail: "credits \(line.asset.format(wide: line.totalCredits)) ≠ debits \(line.asset.format(wide: line.totalDebits))")
        }
    }

    /// Names the accounts `pending` violations are about, with one more pass over the accounts
    /// (none when there are no violations, as on a good night): the scan keeps no account's ids.
    private static func named(_ pending: [CheckName: [PendingAccountViolation]],
                              in snapshot: any LedgerSnapshot) throws -> [CheckName: [CheckViolation]] {
        var wanted = Set(pending.values.joined().map(\.account))
        var accounts: [Int: AccountTotals] = [:]
        if !wanted.isEmpty {
            var position = 0
            try snapshot.forEachAccountTotal { account in
                if wanted.remove(position) != nil { accounts[position] = account }
                position += 1
            }
        }
        return pending.mapValues { list in
            list.map { accounts[$0.account]?.named($0.violation) ?? $0.violation }
        }
    }

    /// Each account's stored state equals its state at the scope's start plus the legs scanned:
    /// balance (which is also its last record's balance_after), last sequence and posted totals;
    /// and its balance equals its posted credits less debits (all history, in O(1) per account).
    private static func accountMatchesPostings(_ scan: LedgerScan) -> [PendingAccountViolation] {
        let accounts = scan.accounts, scope = scan.scope
        var found: [PendingAccountViolation] = []
        for index in 0..<accounts.count {
            let start = scope.startStates[accounts.rowIDs[index]]
            let (legs, debits, credits) = scan.scanned(index)
            let group = accounts.group(of: index)
            let asset = group.asset
            let balance = accounts.balances[index], lastSequence = accounts.lastSequences[index]
            let storedDebits = accounts.postedDebits[index], storedCredits = accounts.postedCredits[index]
            let expectedBalance = Int128(start.balance) + credits - debits
            let postings = scope.extent == .full ? "the sum of \(legs) postings" : "its balance at the run's start plus the run's \(legs) postings"
            func flag(asset: Asset?, expected: Int128, actual: Int128, detail: String) {
                found.append(PendingAccountViolation(account: index, violation: CheckViolation(
                    check: .accountMatchesPostings, tenantID: group.tenantID, asset: asset, expected: expected, actual: actual, detail: detail)))
            }
            let before = found.count
            if Int128(balance) != expectedBalance {
                flag(asset: asset, expected: expectedBalance, actual: Int128(balance), detail: "stored balance differs from \(postings)")
            } else if balance != scan.chainEnds[index] {
                flag(asset: asset, expected: Int128(scan.chainEnds[index]), actual: Int128(balance),
                     detail: "stored balance differs from its last record's balance_after")
            }
            let expectedSequence = Int128(start.lastSequence) + Int128(legs)
            if Int128(lastSequence) != expectedSequence {
                flag(asset: nil, expected: expectedSequence, actual: Int128(lastSequence),
                     detail: "last_sequence \(lastSequence), expected \(expectedSequence) (\(legs) postings scanned)")
            }
            let balanceFlagged = found.count > before
            var totalsFlagged = false
            for (field, stored, expected) in [("posted_debits", storedDebits, start.postedDebits + debits),
                                              ("posted_credits", storedCredits, start.postedCredits + credits)] where stored != expected {
                totalsFlagged = true
                flag(asset: asset, expected: expected, actual: stored, detail: "\(field) \(stored) differs from \(expected) that the postings add up to")
            }
            // The start state was read from the same rows: a balance edited between two runs passes
            // the comparisons above in a run's scope, but not this identity over all of its history.
            if !balanceFlagged, !totalsFlagged, Int128(balance) != storedCredits - storedDebits {
                flag(asset: asset, expected: storedCredits - storedDebits, actual: Int128(balance),
                     detail: "stored balance differs from its posted credits less debits")
            }
        }
        return found
    }

    /// No user account below zero, frozen_balance not negative and not above balance.
    private static func negativeBalance(_ account: AccountTotals) -> CheckViolation? {
        guard !account.key.isSystem else { return nil }
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

    /// total_earned − total_spent − expired_points = balance on every user points account.
    private static func pointsIdentity(_ account: AccountTotals) -> CheckViolation? {
        guard !account.key.isSystem, account.key.kind == .points else { return nil }
        // Exact in 128 bits: counters near Int64.max never wrap into a false pass (SPEC §6).
        let identity = Int128(account.totalEarned) - Int128(account.totalSpent) - Int128(account.expiredPoints)
        guard identity != Int128(account.balance) else { return nil }
        return account.violation(
            .pointsIdentity, asset: Asset(pointsType: account.key.asset), expected: identity, actual: Int128(account.balance),
            detail: "total_earned \(account.totalEarned) − total_spent \(account.totalSpent) − expired_points \(account.expiredPoints) ≠ balance")
    }
}
