/// The `type` of a transaction record: wallet types from SPEC §2, points types exactly the seed's enum.
/// `amount` on a record is the positive size of the change; the type gives its direction.
public enum RecordType: String, Sendable, Hashable, CaseIterable {
    // Wallet (`dto.TransactionResponse`).
    case deposit, withdraw
    case transferIn = "transfer_in"
    case transferOut = "transfer_out"
    // Points (`dto.PointTransactionResponse`), the seed's enum.
    case earn, spend, expire, freeze, unfreeze, refund
    // Both kinds.
    case adjust

    public static let walletTypes: [RecordType] = [.deposit, .withdraw, .transferIn, .transferOut, .adjust]
    public static let pointsTypes: [RecordType] = [.earn, .spend, .expire, .freeze, .unfreeze, .refund, .adjust]

    public static func types(for kind: AccountKind) -> [RecordType] {
        kind == .wallet ? walletTypes : pointsTypes
    }

    /// The sender's and receiver's record types of a transfer of this kind.
    public static func transferTypes(for kind: AccountKind) -> (sender: RecordType, receiver: RecordType) {
        kind == .wallet ? (.transferOut, .transferIn) : (.spend, .earn)
    }

    /// The user's record type of an opening balance: `deposit` for wallets, `adjust` for points.
    public static func openingType(for kind: AccountKind) -> RecordType {
        kind == .wallet ? .deposit : .adjust
    }
}
