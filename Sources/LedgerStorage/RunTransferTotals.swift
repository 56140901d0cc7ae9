public import LedgerCore

/// What the postings created by one run add up to per tenant and asset, for `input_accounted`:
/// the run's own count of applied transfers must equal what it actually wrote. Built by `LedgerScan`.
public struct RunTransferTotals: Hashable, Sendable {
    public var tenantID: String
    public var asset: Asset
    public var entries: Int
    /// Sum of the credit legs of the run's transfer entries: the amounts moved, exact in 128 bits.
    public var amount: Int128

    public init(tenantID: String, asset: Asset, entries: Int, amount: Int128) {
        self.tenantID = tenantID
        self.asset = asset
        self.entries = entries
        self.amount = amount
    }
}
