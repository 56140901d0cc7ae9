import LedgerCore

// What the queries read (SPEC §4): the records and accounts as the source platform's API has
// them. Their JSON shapes and the response envelopes are the API layer's (`LedgerAPI`), not the store's.

/// One points transaction record, `dto.PointTransactionResponse` (SPEC §2 "Transaction records").
public struct PointsRecord: Hashable, Sendable {
    public var id: String
    /// The points account's id (a bare ULID).
    public var accountID: String
    public var userID: String
    public var type: String
    /// The positive size of the change; `type` gives its direction.
    public var amount: Int64
    public var balanceBefore: Int64
    public var balanceAfter: Int64
    public var description: String
    public var reason: String
    public var source: String
    /// The other side's record of a transfer; empty for an opening balance (its other side is the system).
    public var relatedID: String
    /// The key the transfer was applied under (derived keys included); empty for an opening balance.
    public var idempotencyKey: String
    /// UTC milliseconds.
    public var createdAt: Int64

    public static let status = "completed"
}

/// One wallet transaction record, `dto.TransactionResponse` (SPEC §2 "Transaction records").
public struct WalletRecord: Hashable, Sendable {
    public var id: String
    public var walletID: String
    public var type: String
    /// Minor units of `asset`; `amount` is the positive size of the change.
    public var amount: Int64
    public var balanceBefore: Int64
    public var balanceAfter: Int64
    public var asset: Asset
    /// The other user of a transfer; empty for an opening balance (the system side).
    public var counterpartyID: String
    public var description: String
    public var referenceID: String
    /// UTC milliseconds.
    public var createdAt: Int64

    public static let status = "completed"
}

/// A user's wallet, `dto.WalletResponse` (SPEC §2 "Wallets").
public struct WalletView: Hashable, Sendable {
    public var walletID: String
    public var applicationID: String
    public var tenantID: String
    public var userID: String
    public var asset: Asset
    public var balance: Int64
    public var frozenBalance: Int64
    public var status: String
    public var createdAt: Int64
    public var updatedAt: Int64
}

/// A user's points account, `dto.PointAccountResponse` (SPEC §2 "Points accounts").
public struct PointsAccountView: Hashable, Sendable {
    public var id: String
    public var tenantID: String
    public var userID: String
    public var pointsType: String
    /// The tenant's current exchange rate (points per major unit of its currency).
    public var exchangeRate: Int64
    public var balance: Int64
    public var frozenBalance: Int64
    public var totalEarned: Int64
    public var totalSpent: Int64
    public var expiredPoints: Int64
    public var status: String
    public var version: Int64
    public var createdAt: Int64
    public var updatedAt: Int64
}

/// One user's accounts in a tenant: wallets sorted by currency, and the points account if any.
public struct UserAccounts: Hashable, Sendable {
    public var userID: String
    public var wallets: [WalletView]
    public var pointsAccount: PointsAccountView?
}

