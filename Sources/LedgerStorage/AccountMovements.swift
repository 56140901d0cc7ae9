/// A run's debits and credits per account (balances.csv's `debits` and `credits`), by account row
/// id: the sums `LedgerScan` made, kept in its flat arrays (32 bytes per account) with the row
/// ids' positions, where a `[Int64: (Int128, Int128)]` of every moved account took about 100.
/// Sums are 128-bit, exact for any number of amounts (SPEC §6).
public struct AccountMovements: Sendable {
    private let rows: AccountRowIndex
    private let debits: [Int128]
    private let credits: [Int128]

    /// No account moved.
    public init() {
        self.init(rows: AccountRowIndex(), debits: [], credits: [])
    }

    init(rows: AccountRowIndex, debits: [Int128], credits: [Int128]) {
        self.rows = rows
        self.debits = debits
        self.credits = credits
    }

    /// What the run moved on the account with `rowID`: (0, 0) for one it did not touch or the
    /// ledger does not have.
    public subscript(rowID: Int64) -> (debits: Int128, credits: Int128) {
        guard let position = rows.position(ofRowID: rowID), position < debits.count, position < credits.count else { return (0, 0) }
        return (debits[position], credits[position])
    }
}
