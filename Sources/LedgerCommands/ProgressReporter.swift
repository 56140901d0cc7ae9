import Foundation
import Logging

/// Tells people how a long import is going (SPEC §4): on a terminal a progress line on stderr,
/// redrawn a few times a second with rows, rows/s and ETA; in cron plain log lines now and then.
final class ProgressReporter {
    private let logger: Logger
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var fileStart = DispatchTime.now()
    private var lastReport = DispatchTime.now()
    private var fileSize = 0
    private var fileName = ""
    private var lineShown = false
    private var nextLogRows = ProgressReporter.logEveryRows

    /// Plain log lines every this many rows when not on a terminal.
    static let logEveryRows = 250_000

    init(logger: Logger) { self.logger = logger }

    func startFile(_ path: String) {
        fileName = (path as NSString).lastPathComponent
        fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        fileStart = .now()
        lastReport = fileStart
        nextLogRows = ProgressReporter.logEveryRows
        logger.info("importing transfers from \(path)")
    }

    /// Called once per batch, so the cost per row is nil.
    func update(rows: Int, bytesRead: Int) {
        let now = DispatchTime.now()
        if isTerminal {
            guard now.uptimeNanoseconds - lastReport.uptimeNanoseconds > 250_000_000 else { return }
            lastReport = now
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + status(rows: rows, bytesRead: bytesRead, now: now)).utf8))
            lineShown = true
        } else if rows >= nextLogRows {
            nextLogRows += ProgressReporter.logEveryRows
            logger.info("\(status(rows: rows, bytesRead: bytesRead, now: now))")
        }
    }

    func finishFile(rows: Int) {
        if lineShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        lineShown = false
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - fileStart.uptimeNanoseconds) / 1e9
        logger.info("\(fileName): \(rows) rows in \(String(format: "%.1f", seconds)) s")
    }

    private func status(rows: Int, bytesRead: Int, now: DispatchTime) -> String {
        let seconds = max(0.001, Double(now.uptimeNanoseconds - fileStart.uptimeNanoseconds) / 1e9)
        let rate = Double(rows) / seconds
        var text = "\(fileName): \(rows) rows, \(Int(rate)) rows/s"
        if fileSize > 0, bytesRead > 0, bytesRead < fileSize {
            let remaining = seconds * Double(fileSize - bytesRead) / Double(bytesRead)
            text += ", ETA \(Int(remaining.rounded())) s"
        }
        return text
    }
}
