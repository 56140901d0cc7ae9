public import LedgerCore

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

    package init(id: String, accountID: String, userID: String, type: String, amount: Int64, balanceBefore: Int64, balanceAfter: Int64, description: String, reason: String, source: String, relatedID: String, idempotencyKey: String, createdAt: Int64) {
        self.id = id
        self.accountID = accountID
        self.userID = userID
        self.type = type
        self.amount = amount
        self.balanceBefore = balanceBefore
        self.balanceAfter = balanceAfter
        self.description = description
        self.reason = reason
        self.source = source
        self.relatedID = relatedID
        self.idempotencyKey = idempotencyKey
        self.createdAt = createdAt
    }
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

    package init(id: String, walletID: String, type: String, amount: Int64, balanceBefore: Int64, balanceAfter: Int64, asset: Asset, counterpartyID: String, description: String, referenceID: String, createdAt: Int64) {
        self.id = id
        self.walletID = walletID
        self.type = type
        self.amount = amount
        self.balanceBefore = balanceBefore
        self.balanceAfter = balanceAfter
        self.asset = asset
        self.counterpartyID = counterpartyID
        self.description = description
        self.referenceID = referenceID
        self.createdAt = createdAt
    }
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

    package init(walletID: String, applicationID: String, tenantID: String, userID: String, asset: Asset, balance: Int64, frozenBalance: Int64, status: String, createdAt: Int64, updatedAt: Int64) {
        self.walletID = walletID
        self.applicationID = applicationID
        self.tenantID = tenantID
        self.userID = userID
        self.asset = asset
        self.balance = balance
        self.frozenBalance = frozenBalance
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
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

    package init(id: String, tenantID: String, userID: String, pointsType: String, exchangeRate: Int64, balance: Int64, frozenBalance: Int64, totalEarned: Int64, totalSpent: Int64, expiredPoints: Int64, status: String, version: Int64, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.userID = userID
        self.pointsType = pointsType
        self.exchangeRate = exchangeRate
        self.balance = balance
        self.frozenBalance = frozenBalance
        self.totalEarned = totalEarned
        self.totalSpent = totalSpent
        self.expiredPoints = expiredPoints
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One user's accounts in a tenant: wallets sorted by currency, and the points account if any.
public struct UserAccounts: Hashable, Sendable {
    public var userID: String
    public var wallets: [WalletView]
    public var pointsAccount: PointsAccountView?

    package init(userID: String, wallets: [WalletView], pointsAccount: PointsAccountView?) {
        self.userID = userID
        self.wallets = wallets
        self.pointsAccount = pointsAccount
    }
}

