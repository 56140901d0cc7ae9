/// How a run's reports are written for the people who read them (SPEC §5 "Options for people").
/// The defaults give the plain files scripts read: no BOM, UTC times, no per-tenant folders.
public struct ReportOptions: Sendable, Equatable {
    /// `--csv-bom`: every CSV report starts with the UTF-8 byte order mark, so Excel shows Chinese
    /// text instead of guessing a legacy code page.
    public var byteOrderMark: Bool
    /// `--timezone ZONE`: the zone times are shown in.
    public var timeZone: ReportTimeZone
    /// `--split-by-tenant`: `tenants/<folder>/` with each tenant's rows and its own report.html.
    public var splitByTenant: Bool

    public init(byteOrderMark: Bool = false, timeZone: ReportTimeZone = .utc, splitByTenant: Bool = false) {
        self.byteOrderMark = byteOrderMark
        self.timeZone = timeZone
        self.splitByTenant = splitByTenant
    }

    public static let plain = ReportOptions()

    static let byteOrderMarkBytes: [UInt8] = [0xEF, 0xBB, 0xBF]
}
