public import LedgerCore

/// A violation about one account, found where only the account's position in account order is
/// at hand (`CheckedAccounts` keeps no ids): its tenant and detail are set, and `AccountTotals.named`
/// adds the account's user id and the "account …: " prefix once the accounts are read again.
struct PendingAccountViolation {
    /// The account's position in account order (`LedgerSnapshot.forEachAccountTotal`).
    let account: Int
    var violation: CheckViolation
}
