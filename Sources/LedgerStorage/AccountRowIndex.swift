/// Finds an account's position in account order by its row id without hashing: 4 bytes per
/// account where a `[Int64: Int]` took about 40 with its hash table.
///
/// Row ids are dense (1, 2, 3… in the order accounts were opened), so the positions live in one
/// array indexed by row id. When the ids are far sparser than the accounts (only a hand-edited
/// ledger has such ids) a dictionary is used instead, so the array never grows with the largest id.
public struct AccountRowIndex: Sendable {
    private var positionByRowID: [Int32] = []
    private var sparse: [Int64: Int] = [:]

    /// No account: every look-up finds nothing.
    public init() {}

    /// Positions of `rowIDs`: the account with row id `rowIDs[i]` is at position `i`.
    init(_ rowIDs: [Int64]) {
        let highest = Int(rowIDs.max() ?? 0)
        let dense = highest <= Swift.max(1 << 20, rowIDs.count * 4) && rowIDs.count < Int(Int32.max)
        if dense {
            positionByRowID = [Int32](repeating: -1, count: highest + 1)
            for (position, rowID) in rowIDs.enumerated() where rowID >= 0 { positionByRowID[Int(rowID)] = Int32(position) }
        } else {
            for (position, rowID) in rowIDs.enumerated() { sparse[rowID] = position }
        }
    }

    /// The position of the account with `rowID`, or nil when there is none.
    public func position(ofRowID rowID: Int64) -> Int? {
        if positionByRowID.isEmpty { return sparse[rowID] }
        guard rowID >= 0, rowID < positionByRowID.count, positionByRowID[Int(rowID)] >= 0 else { return nil }
        return Int(positionByRowID[Int(rowID)])
    }
}
