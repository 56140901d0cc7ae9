import Foundation
import LedgerCore

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

/// Formats UTC milliseconds as RFC 3339 local time with the zone's offset, fast enough for every
/// row of a million-row results.csv: the offset is looked up once per quarter hour of UTC time
/// (every zone's transitions fall on quarter hours) and the digits are written by `Timestamp`,
/// not by a Foundation date formatter per cell. Daylight saving is honoured: the offset is that
/// of the instant being formatted, not of today.
public final class LocalTimeFormatter {
    private let timeZone: ReportTimeZone
    private var offsets: [Int64: Int] = [:]

    static let quarterHourMillis: Int64 = 900_000
    static let cacheLimit = 100_000

    init(_ timeZone: ReportTimeZone) {
        self.timeZone = timeZone
    }

    public func format(millis: Int64) -> String {
        guard !timeZone.isUTC else { return Timestamp.format(millis: millis) }
        // RFC 3339 offsets are whole minutes: a local-mean-time offset like +08:05:43 is cut to
        // +08:05 and the local time computed with that, so the text still names the exact instant.
        let offsetSeconds = offset(at: millis) / 60 * 60
        let (local, overflow) = millis.addingReportingOverflow(Int64(offsetSeconds) * 1000)
        guard !overflow else { return Timestamp.format(millis: millis) }
        var text = Timestamp.format(millis: local)
        text.removeLast()  // the `Z`
        return text + LocalTimeFormatter.offsetText(offsetSeconds)
    }

    /// Seconds east of UTC at the instant `millis`.
    func offset(at millis: Int64) -> Int {
        let quarter = millis >= 0 ? millis / LocalTimeFormatter.quarterHourMillis
            : (millis + 1) / LocalTimeFormatter.quarterHourMillis - 1
        if let known = offsets[quarter] { return known }
        if offsets.count >= LocalTimeFormatter.cacheLimit { offsets.removeAll(keepingCapacity: true) }
        let instant = Date(timeIntervalSince1970: Double(quarter) * Double(LocalTimeFormatter.quarterHourMillis) / 1000)
        let seconds = timeZone.zone.secondsFromGMT(for: instant)
        offsets[quarter] = seconds
        return seconds
    }

    /// `+08:00`, `-03:30`, `+00:00`.
    static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        let hours = String(minutes / 60), mins = String(minutes % 60)
        return sign + (hours.count < 2 ? "0" + hours : hours) + ":" + (mins.count < 2 ? "0" + mins : mins)
    }
}
