import LedgerCore
public import LedgerStorage

extension TransactionQuery {
    /// Reads the `transactions` command line's values into a query the store can run.
    /// - Parameters:
    ///   - kind: `points` (the default when nil) or `wallet`, case-insensitive.
    ///   - type: exactly one of the kind's record types (`RecordType.types(for:)`).
    ///   - pageSize: values above `maxPageSize` are capped (SPEC §4), values below 1 refused.
    /// - Throws: `QueryUsageError` naming the bad value and what is allowed.
    public static func parse(
        tenantID: String, userID: String, kind: String? = nil, currency: String? = nil, type: String? = nil,
        page: Int = 1, pageSize: Int = TransactionQuery.defaultPageSize
    ) throws(QueryUsageError) -> TransactionQuery {
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
        try checkPage(page, pageSize)
        return TransactionQuery(tenantID: tenantID, userID: userID, kind: parsedKind, currency: parsedCurrency,
                                type: parsedType, page: page, pageSize: pageSize)
    }
}

extension AccountsQuery {
    /// Reads the `accounts` command line's values.
    /// - Throws: `QueryUsageError` for empty ids, page options with `--user`, page < 1 or size < 1.
    public static func parse(tenantID: String, userID: String? = nil, page: Int? = nil,
                             pageSize: Int? = nil) throws(QueryUsageError) -> AccountsQuery {
        guard !tenantID.isEmpty else { throw QueryUsageError("--tenant must not be empty") }
        if let userID {
            guard !userID.isEmpty else { throw QueryUsageError("--user must not be empty") }
            guard page == nil, pageSize == nil else {
                throw QueryUsageError("--page and --page-size apply to listing every user; leave out --user")
            }
        }
        let page = page ?? 1, pageSize = pageSize ?? AccountsQuery.defaultPageSize
        try checkPage(page, pageSize)
        return AccountsQuery(tenantID: tenantID, userID: userID, page: page, pageSize: pageSize)
    }
}

/// Page numbers and sizes start at 1 (sizes above a listing's maximum are capped, not refused).
private func checkPage(_ page: Int, _ pageSize: Int) throws(QueryUsageError) {
    guard page >= 1 else { throw QueryUsageError("--page must be 1 or more, got \(page)") }
    guard pageSize >= 1 else { throw QueryUsageError("--page-size must be 1 or more, got \(pageSize)") }
}
