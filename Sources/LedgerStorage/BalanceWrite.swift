package import LedgerCore

/// What a balance write needs of an account a batch touched: its row, its tenant, its state and
/// its posted totals. A `CachedAccount` also holds its key and id (Strings): copying those for
/// every touched account of every batch (1.6M in the 1M bench run) retained and released them,
/// and the SQLite store then copied each again into a row of its own.
package struct BalanceWrite: Sendable {
    package var postedDebits: Int128
    package var postedCredits: Int128
    package var rowID: Int64
    /// `tenants.id` of the account's tenant (PostgreSQL keys the row by it).
    package var tenantRowID: Int64
    package var state: AccountState

    package init(rowID: Int64, tenantRowID: Int64, state: AccountState, postedDebits: Int128 = 0, postedCredits: Int128 = 0) {
        self.rowID = rowID
        self.tenantRowID = tenantRowID
        self.state = state
        self.postedDebits = postedDebits
        self.postedCredits = postedCredits
    }
}

extension CachedAccount {
    /// The account's balance write, read in place (a property borrows the cached account; an
    /// initializer taking it would be handed a copy, its Strings retained).
    package var balanceWrite: BalanceWrite {
        BalanceWrite(rowID: rowID, tenantRowID: tenantRowID, state: state, postedDebits: postedDebits, postedCredits: postedCredits)
    }
}
