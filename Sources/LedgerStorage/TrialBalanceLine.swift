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
            add(tenantID: account.key.tenantID, asset: asset, isSystem: account.key.isSystem, debits: account.debits,
                credits: account.credits, to: &lines)
        }
        return lines
    }

    /// The same lines from the checks' flat per-account numbers (no account's ids needed).
    static func lines(from accounts: CheckedAccounts) -> [TrialBalanceLine] {
        var lines: [TrialBalanceLine] = []
        for index in 0..<accounts.count {
            let group = accounts.group(of: index)
            guard let asset = group.asset else { continue }
            add(tenantID: group.tenantID, asset: asset, isSystem: accounts.isSystemAccount[index], debits: accounts.postedDebits[index],
                credits: accounts.postedCredits[index], to: &lines)
        }
        return lines
    }

    /// Adds one account (in report order) to the last line when it is of the same tenant and
    /// asset, else to a new line.
    private static func add(tenantID: String, asset: Asset, isSystem: Bool, debits: Int128, credits: Int128,
                            to lines: inout [TrialBalanceLine]) {
        if lines.last.map({ OpaqueID.sameBytes($0.tenantID, tenantID) && $0.asset == asset }) != true {
            lines.append(TrialBalanceLine(tenantID: tenantID, asset: asset, accounts: 0, totalDebits: 0, totalCredits: 0, userLiability: 0))
        }
        lines[lines.count - 1].accounts += 1
        lines[lines.count - 1].totalDebits += debits
        lines[lines.count - 1].totalCredits += credits
        if !isSystem { lines[lines.count - 1].userLiability += credits - debits }
    }
}
