public import LedgerCore

/// One page of a user's transaction history (`ledger-recon transactions`, SPEC §4).
///
/// Its initializer takes only what the store can run: a known kind, a `type` from that kind's enum,
/// a currency only for wallets, page ≥ 1 and a page size in 1...`maxPageSize`.
public struct TransactionQuery: Hashable, Sendable {
    public let tenantID: String
    public let userID: String
    public let kind: AccountKind
    /// Wallets only: list that wallet alone. Nil lists every wallet of the user, merged.
    public let currency: Currency?
    public let type: RecordType?
    /// 1-based.
    public let page: Int
    /// Records per page, already capped at `maxPageSize`.
    public let pageSize: Int

    public static let defaultPageSize = 20
    public static let maxPageSize = 100

    /// A query the store can run: ids not empty, a `type` of `kind`'s records, a currency only for
    /// wallets, page ≥ 1; `pageSize` ≥ 1, capped at `maxPageSize` (SPEC §4). Reading these from a
    /// command line, with messages for a person, is the API layer's (`LedgerAPI`).
    public init(tenantID: String, userID: String, kind: AccountKind, currency: Currency?, type: RecordType?,
                page: Int, pageSize: Int) {
        precondition(!tenantID.isEmpty && !userID.isEmpty, "a transactions query names a tenant and a user")
        precondition(currency == nil || kind == .wallet, "only wallets have a currency")
        precondition(type.map { RecordType.types(for: kind).contains($0) } ?? true, "a record type of the query's kind")
        precondition(page >= 1 && pageSize >= 1, "page and page size are 1 or more")
        self.tenantID = tenantID
        self.userID = userID
        self.kind = kind
        self.currency = currency
        self.type = type
        self.page = page
        self.pageSize = min(pageSize, TransactionQuery.maxPageSize)
    }
}

/// Which accounts `ledger-recon accounts` shows: one user's, or a page of every user of a tenant.
public struct AccountsQuery: Hashable, Sendable {
    public let tenantID: String
    /// Nil lists every user of the tenant, sorted by user id, one page at a time.
    public let userID: String?
    /// Users per page when listing all; ignored for one user.
    public let page: Int
    public let pageSize: Int

    public static let defaultPageSize = 100
    public static let maxPageSize = 1_000

    /// `userID` nil lists every user; page ≥ 1, `pageSize` ≥ 1 and capped at `maxPageSize`.
    public init(tenantID: String, userID: String?, page: Int, pageSize: Int) {
        precondition(!tenantID.isEmpty && userID?.isEmpty != true, "an accounts query names a tenant (and a user, if any)")
        precondition(page >= 1 && pageSize >= 1, "page and page size are 1 or more")
        self.tenantID = tenantID
        self.userID = userID
        self.page = page
        self.pageSize = min(pageSize, AccountsQuery.maxPageSize)
    }
}

/// The seed's `PageInfo`: where a page sits in the whole listing.
///
/// total_pages = ⌈total / page_size⌉ (0 when there is nothing); has_next = page < total_pages;
/// has_prev = page > 1, even for a page past the end, so a client can walk back.
public struct Pagination: Hashable, Sendable {
    public let page: Int
    public let pageSize: Int
    public let total: Int

    public init(page: Int, pageSize: Int, total: Int) {
        precondition(page >= 1 && pageSize >= 1 && total >= 0, "pagination needs page, size ≥ 1 and total ≥ 0")
        self.page = page
        self.pageSize = pageSize
        self.total = total
    }

    public var totalPages: Int { total / pageSize + (total % pageSize == 0 ? 0 : 1) }
    public var hasNext: Bool { page < totalPages }
    public var hasPrev: Bool { page > 1 }

    /// Rows to skip before this page, or nil when the page lies past the end (nothing to fetch).
    /// Also nil when (page − 1) × size overflows, which can only be past the end.
    public var offset: Int? {
        let (skip, overflow) = (page - 1).multipliedReportingOverflow(by: pageSize)
        guard !overflow, skip < total else { return nil }
        return skip
    }
}
