public import LedgerCore

/// One stored transfer as the ledger checks read it (`LedgerSnapshot.forEachTransfer`): the row's
/// integers only, so a scan of millions of rows copies no strings. Its ids are read separately
/// (`LedgerSnapshot.transferIdentifiers`), for the rare transfer a violation names.
public struct ScannedTransfer: Sendable {
    /// Ascending in the order transfers were appended; the watermarks of `CheckScope` are these.
    public var rowID: Int64
    /// The row id of the transfer's own tenant (`AccountTotals.tenantRowID`).
    public var tenantRowID: Int64
    /// An opening balance (from the system account), else a transfer between users.
    public var isOpening: Bool
    /// Account row ids (`AccountTotals.rowID`) of the two legs.
    public var debitAccount: Int64
    public var creditAccount: Int64
    public var amount: Int64
    /// Each leg's place in its account's chain and the balance after it.
    public var debitSequence: Int64
    public var debitBalanceAfter: Int64
    public var creditSequence: Int64
    public var creditBalanceAfter: Int64

    public init(rowID: Int64, tenantRowID: Int64, isOpening: Bool, debitAccount: Int64, creditAccount: Int64, amount: Int64,
                debitSequence: Int64, debitBalanceAfter: Int64, creditSequence: Int64, creditBalanceAfter: Int64) {
        self.rowID = rowID
        self.tenantRowID = tenantRowID
        self.isOpening = isOpening
        self.debitAccount = debitAccount
        self.creditAccount = creditAccount
        self.amount = amount
        self.debitSequence = debitSequence
        self.debitBalanceAfter = debitBalanceAfter
        self.creditSequence = creditSequence
        self.creditBalanceAfter = creditBalanceAfter
    }

    /// The row's integers of an entry read with its chain link (`LedgerSnapshot.forEachTransferLink`).
    public init(_ link: StoredEntryLink) {
        self.init(rowID: link.rowID, tenantRowID: link.tenantKey, isOpening: link.isOpening, debitAccount: link.debitAccount,
                  creditAccount: link.creditAccount, amount: link.amount, debitSequence: link.debitSequence,
                  debitBalanceAfter: link.debitBalanceAfter, creditSequence: link.creditSequence,
                  creditBalanceAfter: link.creditBalanceAfter)
    }
}
