import Foundation
import Logging

/// Plain log lines on stderr (what cron mails); set up once per process.
enum JobLogging {
    private static let bootstrap: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LEDGER_RECON_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
    }()

    /// The job's logger. With `runID`, every line carries `run_id=<id>`, so a mail from cron or a
    /// log collector ties each line to its run and its reports directory (SPEC §4).
    static func logger(runID: String? = nil) -> Logger {
        _ = bootstrap
        var logger = Logger(label: "ledger-recon")
        if let runID { logger[metadataKey: runIDKey] = "\(runID)" }
        return logger
    }

    /// The metadata key, and the token the error line uses too (`run_id=<id>`).
    static let runIDKey = "run_id"
}
