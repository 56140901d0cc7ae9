public import LedgerCore

/// One tenants-file row as trimmed text (SPEC §3 tenants); nothing is interpreted yet.
///
/// Optional columns are `nil` when the file has no such column and `""` when the column is there
/// but left empty, because re-loading a tenants file updates configuration: an absent column must
/// leave a setting alone where an empty one may mean "clear it".
public struct TenantRow: Hashable, Sendable {
    public var tenantID: String
    public var name: String
    /// As written: `true`/`false`, `1`/`0`, `yes`/`no` are what the loader will accept.
    public var transferEnabled: String
    public var pointsType: String?
    public var exchangeRate: String?
    public var currency: String?
    public var origin: RowOrigin
    /// A problem the CSV reader found in the record itself (ragged, invalid UTF-8, NUL,
    /// unterminated quote); such a row cannot be loaded.
    public var recordProblem: String?

    public init(
        tenantID: String = "", name: String = "", transferEnabled: String = "", pointsType: String? = nil,
        exchangeRate: String? = nil, currency: String? = nil,
        origin: RowOrigin = RowOrigin(file: "-", line: 0), recordProblem: String? = nil
    ) {
        self.tenantID = tenantID
        self.name = name
        self.transferEnabled = transferEnabled
        self.pointsType = pointsType
        self.exchangeRate = exchangeRate
        self.currency = currency
        self.origin = origin
        self.recordProblem = recordProblem
    }
}
