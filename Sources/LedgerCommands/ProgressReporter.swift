import Foundation
import Logging

/// Tells people how a long import is going (SPEC §4): on a terminal a progress line on stderr,
/// drawn at the first batch and then redrawn a few times a second; in cron plain log lines now
/// and then. Each shows the rows so far, and where the file's size is known (a regular file, not a
/// pipe) the estimated total and the share read, with rows/s and the time left.
final class ProgressReporter {
    private let logger: Logger
    private let isTerminal: Bool
    private var fileStart = DispatchTime.now()
    private var lastDrawn: DispatchTime?
    private var fileSize: Int?
    private var fileName = ""
    private var lineShown = false
    private var nextLogRows = ProgressReporter.logEveryRows

    /// Plain log lines every this many rows when not on a terminal.
    static let logEveryRows = 250_000
    /// Least time between two redraws of the terminal line.
    static let redrawNanoseconds: UInt64 = 250_000_000

    init(logger: Logger, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.logger = logger
        self.isTerminal = isTerminal
    }

    /// - Parameter size: the file's size in bytes, `nil` for a pipe or FIFO (no percentage then).
    func startFile(_ path: String, size: Int?) {
        fileName = (path as NSString).lastPathComponent
        fileSize = size
        fileStart = .now()
        lastDrawn = nil
        nextLogRows = ProgressReporter.logEveryRows
        logger.info("importing transfers from \(path)")
    }

    /// Called once per batch, so the cost per row is nil.
    /// - Parameter consumedBytes: the file's bytes up to the end of the last row counted.
    func update(rows: Int, consumedBytes: Int) {
        let now = DispatchTime.now()
        let seconds = Double(now.uptimeNanoseconds - fileStart.uptimeNanoseconds) / 1e9
        if isTerminal {
            if let lastDrawn, now.uptimeNanoseconds - lastDrawn.uptimeNanoseconds < Self.redrawNanoseconds { return }
            lastDrawn = now
            let text = Self.status(file: fileName, rows: rows, consumedBytes: consumedBytes, fileSize: fileSize, seconds: seconds)
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            lineShown = true
        } else if rows >= nextLogRows {
            nextLogRows += ProgressReporter.logEveryRows
            logger.info("\(Self.status(file: fileName, rows: rows, consumedBytes: consumedBytes, fileSize: fileSize, seconds: seconds))")
        }
    }

    func finishFile(rows: Int) {
        if lineShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        lineShown = false
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - fileStart.uptimeNanoseconds) / 1e9
        logger.info("\(fileName): \(rows) rows in \(String(format: "%.1f", seconds)) s")
    }

    /// `night.csv: 250000 of ~1000000 rows (25%), 35000 rows/s, ETA 21 s` for a file of known size;
    /// `night.csv: 250000 rows, 35000 rows/s` for a pipe. The total is estimated from the bytes
    /// read so far, so it is marked `~` until the file is read to its end.
    static func status(file: String, rows: Int, consumedBytes: Int, fileSize: Int?, seconds: Double) -> String {
        let rate = Int(Double(rows) / max(0.001, seconds))
        guard let fileSize, fileSize > 0, consumedBytes > 0 else {
            return "\(file): \(rows) rows, \(rate) rows/s"
        }
        let share = min(1, Double(consumedBytes) / Double(fileSize))
        let percent = Int((share * 100).rounded(.down))
        if consumedBytes >= fileSize {
            return "\(file): \(rows) of \(rows) rows (100%), \(rate) rows/s"
        }
        let estimatedTotal = Int((Double(rows) / share).rounded())
        let remaining = seconds * (1 - share) / share
        return "\(file): \(rows) of ~\(estimatedTotal) rows (\(percent)%), \(rate) rows/s, ETA \(Int(remaining.rounded())) s"
    }
}
