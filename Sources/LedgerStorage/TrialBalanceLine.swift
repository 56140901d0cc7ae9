public import LedgerCore

/// One row of trial_balance.csv: per tenant and asset, over all postings of user and system
/// accounts, as each account's stored posted totals hold them (O(accounts); `account_matches_postings`
/// checks those totals against the postings).
public struct TrialBalanceLine: Sendable {
    public var tenantID: String
    public var asset: Asset
    public var accounts: Int
    /// Totals over every account of the tenant and asset, in 128 bits: exact for any number of
    /// amounts up to Int64.max each (SPEC §6 "totals in reports are exact").
    public var totalDebits: Int128
    public var totalCredits: Int128
    /// Sum of the user accounts' postings: what the platform owes its users in this asset.
    public var userLiability: Int128

    public var difference: Int128 { totalCredits - totalDebits }

    /// Groups account totals by tenant and asset, in report order.
    public static func lines(from totals: [AccountTotals]) -> [TrialBalanceLine] {
        var lines: [TrialBalanceLine] = []
        for account in totals {
            guard let asset = Asset(kind: account.key.kind, code: account.key.asset) else { continue }
            if let last = lines.last, OpaqueID.sameBytes(last.tenantID, account.key.tenantID), last.asset == asset {
                lines[lines.count - 1].add(account)
            } else {
                var line = TrialBalanceLine(tenantID: account.key.tenantID, asset: asset, accounts: 0, totalDebits: 0,
                                            totalCredits: 0, userLiability: 0)
                line.add(account)
                lines.append(line)
            }
        }
        return lines
    }

    private mutating func add(_ account: AccountTotals) {
        accounts += 1
        totalDebits += account.debits
        totalCredits += account.credits
        if !account.key.isSystem { userLiability += account.posted }
    }
}
