import LedgerCore

/// A request that cannot be run as given (SPEC §4: a usage error, exit code 2). The message says
/// what is wrong and, for enumerated options, lists the allowed values.
public struct QueryUsageError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// One page of a user's transaction history (`ledger-recon transactions`, SPEC §4).
///
/// Built only through the validating initializer, so a query that exists is one the store can run:
/// a known kind, a `type` from that kind's enum, a currency only for wallets, page ≥ 1 and a page
/// size in 1...`maxPageSize`.
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

    /// Reads the command line's values.
    /// - Parameters:
    ///   - kind: `points` (the default when nil) or `wallet`, case-insensitive.
    ///   - type: exactly one of the kind's record types (`RecordType.types(for:)`).
    ///   - pageSize: values above `maxPageSize` are capped (SPEC §4), values below 1 refused.
    /// - Throws: `QueryUsageError` naming the bad value and what is allowed.
    public init(
        tenantID: String, userID: String, kind: String? = nil, currency: String? = nil, type: String? = nil,
        page: Int = 1, pageSize: Int = TransactionQuery.defaultPageSize
    ) throws(QueryUsageError) {
        guard !tenantID.isEmpty else { throw QueryUsageError("--tenant must not be empty") }
        guard !userID.isEmpty else { throw QueryUsageError("--user must not be empty") }
        let parsedKind: AccountKind
        if let kind {
            guard let known = AccountKind(text: kind) else {
                throw QueryUsageError("--kind '\(kind)' is not a kind; allowed: points, wallet")
            }
            parsedKind = known
        } else {
            parsedKind = .points
        }
        var parsedCurrency: Currency?
        if let currency {
            guard parsedKind == .wallet else {
                throw QueryUsageError("--currency applies to --kind wallet only; points have no currency")
            }
            guard let known = Currency(code: currency) else {
                throw QueryUsageError("--currency '\(currency)' is not a known currency; allowed: \(Currency.knownCodes)")
            }
            parsedCurrency = known
        }
        var parsedType: RecordType?
        if let type {
            let allowed = RecordType.types(for: parsedKind)
            guard let known = RecordType(rawValue: type), allowed.contains(known) else {
                throw QueryUsageError(
                    "--type '\(type)' is not a \(parsedKind.rawValue) record type; allowed: "
                        + allowed.map(\.rawValue).joined(separator: ", ")
                )
            }
            parsedType = known
        }
        guard page >= 1 else { throw QueryUsageError("--page must be 1 or more, got \(page)") }
        guard pageSize >= 1 else { throw QueryUsageError("--page-size must be 1 or more, got \(pageSize)") }
        self.tenantID = tenantID
        self.userID = userID
        self.kind = parsedKind
        self.currency = parsedCurrency
        self.type = parsedType
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

    /// - Throws: `QueryUsageError` for empty ids, page options with `--user`, page < 1 or size < 1.
    public init(tenantID: String, userID: String? = nil, page: Int? = nil, pageSize: Int? = nil) throws(QueryUsageError) {
        guard !tenantID.isEmpty else { throw QueryUsageError("--tenant must not be empty") }
        if let userID {
            guard !userID.isEmpty else { throw QueryUsageError("--user must not be empty") }
            guard page == nil, pageSize == nil else {
                throw QueryUsageError("--page and --page-size apply to listing every user; leave out --user")
            }
        }
        let page = page ?? 1
        let pageSize = pageSize ?? AccountsQuery.defaultPageSize
        guard page >= 1 else { throw QueryUsageError("--page must be 1 or more, got \(page)") }
        guard pageSize >= 1 else { throw QueryUsageError("--page-size must be 1 or more, got \(pageSize)") }
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
