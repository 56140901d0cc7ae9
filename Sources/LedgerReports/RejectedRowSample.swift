public import LedgerCore

/// The first rejected rows of a run, kept for report.html (SPEC §5): a person sees at once which
/// orders were refused and why, with the description and order reference that match a row to its
/// order. The full list is rejections.csv / results.csv; this one is capped so that a night that
/// rejects a million rows costs no more memory than one that rejects fifty.
public struct RejectedRowSample: Sendable {
    public struct Row: Sendable {
        public var file: String
        public var line: Int
        public var tenantID: String
        public var fromUserID: String
        public var toUserID: String
        /// As the report shows it: normalised for a valid request, as read for an invalid row.
        public var amount: String
        public var currency: String
        public var code: String
        public var message: String
        public var description: String
        public var referenceID: String
    }

    /// Rows kept overall, and per tenant (each tenant's own page lists its own first rows).
    public static let limit = 50

    public private(set) var rows: [Row] = []
    private var perTenant: [OpaqueID: [Row]] = [:]

    public init() {}

    /// Keeps a rejected valid request when there is room.
    public mutating func add(_ request: TransferRequest, _ rejection: Rejection) {
        keep(Row(file: request.origin.file, line: request.origin.line, tenantID: request.tenantID, fromUserID: request.fromUserID,
                 toUserID: request.toUserID, amount: MoneyText.format(request.amount, exponent: request.currency?.exponent ?? 0),
                 currency: request.currency?.code ?? "", code: rejection.code.rawValue, message: rejection.message,
                 description: request.description, referenceID: request.referenceID))
    }

    /// Keeps a row that could not be read as a request when there is room.
    public mutating func add(_ row: TransferRow, _ rejection: Rejection) {
        keep(Row(file: row.origin.file, line: row.origin.line, tenantID: row.tenantID, fromUserID: row.fromUserID,
                 toUserID: row.toUserID, amount: row.amount, currency: row.currency, code: rejection.code.rawValue,
                 message: rejection.message, description: row.description, referenceID: row.referenceID))
    }

    private mutating func keep(_ row: Row) {
        if rows.count < RejectedRowSample.limit { rows.append(row) }
        let tenant = OpaqueID(row.tenantID)
        if perTenant[tenant, default: []].count < RejectedRowSample.limit { perTenant[tenant, default: []].append(row) }
    }

    /// The first rows of one tenant.
    public func rows(of tenantID: String) -> [Row] { perTenant[OpaqueID(tenantID)] ?? [] }
}
