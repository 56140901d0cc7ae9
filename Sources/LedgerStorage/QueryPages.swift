public import LedgerCore

/// Nothing in the ledger matches the request (the seeds' 404), or the ledger cannot be read as one.
public enum LedgerQueryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Unknown tenant, or the user has no account of the kind (or currency) asked for.
    case notFound(String)
    /// A stored row the query layer cannot interpret (e.g. a wallet whose currency is not known).
    case unreadable(String)

    public var description: String {
        switch self {
        case .notFound(let message), .unreadable(let message): message
        }
    }
}

/// One page of transaction records with its place in the whole listing.
public struct TransactionPage: Hashable, Sendable {
    public enum Items: Hashable, Sendable {
        case points([PointsRecord])
        case wallet([WalletRecord])

        public var count: Int {
            switch self {
            case .points(let records): records.count
            case .wallet(let records): records.count
            }
        }
    }

    public var query: TransactionQuery
    public var items: Items
    public var pagination: Pagination

    package init(query: TransactionQuery, items: Items, pagination: Pagination) {
        self.query = query
        self.items = items
        self.pagination = pagination
    }
}

/// One page of a tenant's users, each with all their accounts.
public struct AccountsPage: Hashable, Sendable {
    public var users: [UserAccounts]
    public var pagination: Pagination

    package init(users: [UserAccounts], pagination: Pagination) {
        self.users = users
        self.pagination = pagination
    }
}
