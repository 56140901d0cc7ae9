public import LedgerCore

/// One journal entry as the plain-text accounting export sees it (SPEC §7): who paid whom how much
/// of which asset, when, and the ids that tie it back to the ledger.
///
/// Every entry moves `amount` from one account to another inside one tenant and asset: a transfer
/// from the sender's account to the receiver's, an opening balance from the tenant's opening
/// equity (the system account, user id `AccountKey.systemUserID`) to the user's account.
public struct JournalEntry: Sendable {
    public enum EntryType: String, Sendable {
        case transfer, opening
    }

    /// UTC milliseconds since 1970 (the records' created_at: a transfer's `requested_at`).
    public var createdAt: Int64
    public var tenantID: String
    public var kind: AccountKind
    /// The currency code for wallets, the points type for points.
    public var asset: String
    public var type: EntryType
    /// The account debited: the sender, or the system account (`""`) for an opening balance.
    public var fromUserID: String
    /// The account credited: the receiver, or the user whose account was opened.
    public var toUserID: String
    /// Minor units moved (> 0 in a sound ledger).
    public var amount: Int64
    /// `trf_…` for transfers, `opn_…` for opening balances.
    public var transferID: String
    /// The idempotency key the transfer was applied under (derived keys included); nil for openings.
    public var idempotencyKey: String?
    public var description: String

    public init(createdAt: Int64, tenantID: String, kind: AccountKind, asset: String, type: EntryType, fromUserID: String,
                toUserID: String, amount: Int64, transferID: String, idempotencyKey: String?, description: String) {
        self.createdAt = createdAt
        self.tenantID = tenantID
        self.kind = kind
        self.asset = asset
        self.type = type
        self.fromUserID = fromUserID
        self.toUserID = toUserID
        self.amount = amount
        self.transferID = transferID
        self.idempotencyKey = idempotencyKey
        self.description = description
    }

    /// The account the entry debits.
    public var debitKey: AccountKey { AccountKey(tenantID: tenantID, kind: kind, asset: asset, userID: fromUserID) }
    /// The account the entry credits.
    public var creditKey: AccountKey { AccountKey(tenantID: tenantID, kind: kind, asset: asset, userID: toUserID) }
}
