/// Each account's `AccountStartState` by account row id; an account not set starts `.empty`.
///
/// Row ids are dense (1, 2, 3… in the order accounts were opened), so the states live in one
/// array indexed by row id: 48 bytes per account, where a `[Int64: AccountStartState]` took about
/// 150 with its hash table. A row id far past the others (only a hand-edited ledger has one) goes
/// to a small dictionary instead, so the array never grows with the largest id.
public struct AccountStartStates: Sendable {
    private var dense: [AccountStartState] = []
    private var sparse: [Int64: AccountStartState] = [:]

    /// No account set: every account starts `.empty` (verify's scope, all history).
    public init() {}

    /// Room for row ids up to `highestRowID` without growing.
    public init(reservingUpTo highestRowID: Int64) {
        dense.reserveCapacity(Int(clamping: Swift.max(0, Swift.min(highestRowID, Int64(AccountStartStates.denseLimit))) + 1))
    }

    /// Row ids below this, or up to twice the accounts held, are kept in the array.
    private static let denseLimit = 1 << 20

    public subscript(rowID: Int64) -> AccountStartState {
        get {
            if rowID >= 0, rowID < Int64(dense.count) { return dense[Int(rowID)] }
            return sparse[rowID] ?? .empty
        }
        set {
            if rowID >= 0, rowID < Int64(dense.count) {
                dense[Int(rowID)] = newValue
            } else if rowID >= 0, rowID < Int64(Swift.max(AccountStartStates.denseLimit, 2 * dense.count)) {
                // Ids between hold accounts not set yet: they start empty, as when absent.
                dense.append(contentsOf: repeatElement(.empty, count: Int(rowID) - dense.count))
                dense.append(newValue)
                sparse[rowID] = nil
                // A state set earlier for an id the array now covers moves into it.
                for (movedID, state) in sparse where movedID < Int64(dense.count) && movedID != rowID {
                    dense[Int(movedID)] = state
                    sparse[movedID] = nil
                }
            } else {
                sparse[rowID] = newValue
            }
        }
    }

    /// The balance each account had at the start (`ReconciliationReports.writeBalances`' opening balance).
    public func balance(of rowID: Int64) -> Int64 { self[rowID].balance }
}
