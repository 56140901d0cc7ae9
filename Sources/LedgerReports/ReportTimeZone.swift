public import Foundation

/// The zone that times in reports are shown in (`--timezone ZONE`, SPEC §5): an IANA zone, UTC by
/// default. A Shanghai team's 07:30 transfer is `2026-11-22T07:30:00+08:00`, on its own local day,
/// instead of `2026-11-21T23:30:00Z` on the previous one.
///
/// UTC keeps the `Z` form the reports always had, so scripts reading the default files see no change.
public struct ReportTimeZone: Sendable, Equatable {
    public let identifier: String
    let zone: TimeZone
    /// True for UTC itself (`UTC`, `Etc/UTC`, `GMT`…): times end in `Z`. A zone that is merely at
    /// offset zero today (Europe/London in winter) shows `+00:00`, because tomorrow it may not be.
    let isUTC: Bool

    public static let utc = ReportTimeZone(checkedIdentifier: "UTC", zone: TimeZone(identifier: "UTC")!, isUTC: true)

    /// The zone named `identifier`, or nil when there is no such IANA zone (a usage error).
    public init?(identifier: String) {
        let utcNames: Set<String> = ["UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu",
                                     "GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich", "Greenwich"]
        if utcNames.contains(identifier) {
            self.init(checkedIdentifier: identifier, zone: ReportTimeZone.utc.zone, isUTC: true)
            return
        }
        // Foundation also accepts abbreviations and `GMT+8`-style names, and on Linux reads any file
        // under the zoneinfo folder: only area/location ids (and the few listed names) count.
        guard identifier.contains("/") || TimeZone.knownTimeZoneIdentifiers.contains(identifier),
              !identifier.hasPrefix("/"), !identifier.split(separator: "/").contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
              let zone = TimeZone(identifier: identifier), zone.identifier == identifier
        else { return nil }
        self.init(checkedIdentifier: identifier, zone: zone, isUTC: false)
    }

    private init(checkedIdentifier: String, zone: TimeZone, isUTC: Bool) {
        identifier = checkedIdentifier
        self.zone = zone
        self.isUTC = isUTC
    }

    public static func == (lhs: ReportTimeZone, rhs: ReportTimeZone) -> Bool { lhs.identifier == rhs.identifier }

    /// A formatter for one thread (it caches offsets and is not shared).
    public func formatter() -> LocalTimeFormatter { LocalTimeFormatter(self) }

    /// `date` in this zone, to the second (summary.json's started_at and finished_at).
    public func format(_ date: Date) -> String {
        formatter().format(millis: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) / 1000 * 1000)
    }
}
