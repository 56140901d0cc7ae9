import Foundation
import LedgerCore

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
