import Foundation
import LedgerImport
import LedgerPostgres
import LedgerReports
import LedgerStore
import LedgerStorage

/// An error that stopped a run, with whether the ledger had changed by then: that decides
/// between exit 2 (nothing was applied) and exit 5 (stopped part-way).
struct RunStopped: Error {
    let cause: any Error
    /// true: batches were committed; false: nothing was; nil: unknown (the database is unreadable).
    let applied: Bool?
    /// A command that never writes the ledger (`verify`) stopped, e.g. on a report it could not write.
    var readOnly = false
}

/// Maps what can stop a command to SPEC §4's exit codes, in one place: one line on stderr saying
/// what happened, where (the file or database) and what to do, and on stdout the status line
/// `exit N: meaning` as the command's last line, so what cron mails is about this run.
enum JobFailure {
    /// - Parameter runID: the run the command is, when it is one: the error line names it like every log line.
    static func exitCode(database: String, runID: String? = nil, _ body: () throws -> LedgerExit) -> LedgerExit {
        do {
            return try body()
        } catch {
            let (exit, message) = classify(error, database: DatabaseOptions.displayName(of: database))
            report(runID.map { "\(JobLogging.runIDKey)=\($0) " + message } ?? message)
            print(exit.statusLine)
            return exit
        }
    }

    /// The exit code and the one-line message for an error that stopped a command.
    static func classify(_ error: any Error, database: String) -> (LedgerExit, String) {
        var cause = error
        var applied: Bool? = false
        if let stopped = error as? RunStopped {
            cause = stopped.cause
            applied = stopped.applied
            if stopped.readOnly { return (.stoppedPartWay, describe(cause, database: database) + " (the ledger was not changed; fix the cause and run the command again)") }
        }
        let what = describe(cause, database: database)
        if let lock = cause as? RunLock.Failure, case .held = lock { return (.databaseBusy, what) }
        if let postgres = cause as? PostgresStoreError {
            if case .lockHeld = postgres { return (.databaseBusy, what) }
            // A connection lost part-way: a COMMIT may have been on its way, and the run cannot
            // ask any more. The committed batches stay; running the same command again finishes.
            if postgres.isConnectionLoss, applied != true { applied = nil }
        }
        // Refused because another run is unfinished: nothing of this night was applied.
        if cause is RunRefusal { return (.usageOrInput, what) }
        switch applied {
        case false?:
            return (.usageOrInput, what + " (nothing was applied)")
        case true?:
            return (.stoppedPartWay, what + " (batches committed before the error stay applied; fix the cause and run the same command again to finish the night)")
        case nil:
            return (.stoppedPartWay, what + " (batches committed before the error, if any, stay applied; fix the cause and run the same command again)")
        }
    }

    /// One line naming the file or database concerned; never a raw Cocoa error.
    static func describe(_ error: any Error, database: String) -> String {
        let text: String
        // The SQLite writer's errors until it throws `StorageError` itself (the storage seam).
        switch StorageError(sqlite: error) ?? error {
        case let error as RunLock.Failure: text = error.description
        case let error as RunRefusal: text = error.description
        case let error as CSVFileError: text = error.description
        case let error as LedgerStoreError: text = error.description
        case let error as JournalScanError: text = "\(database): \(error.description)"
        case let error as ReportError: text = error.description
        case let error as BatchCommitGate.ForeignWrite: text = "\(database): \(error.description)"
        case let error as StorageError: text = error.describe(database: database)
        case let error as PostgresStoreError: text = error.description
        case let error as CocoaError:
            let path = error.filePath ?? error.url?.path ?? "a file"
            let reason = (error.underlying as? POSIXError).map { String(cString: strerror($0.code.rawValue)) }
                ?? (error.code == .fileWriteOutOfSpace ? "no space left on device" : "error \(error.code.rawValue)")
            text = "cannot write \(path): \(reason)"
        default: text = "\(error)"
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    static func report(_ message: String) {
        FileHandle.standardError.write(Data("ledger-recon: error: \(message)\n".utf8))
    }
}

/// Run ids: UTC `YYYYMMDDTHHMMSSZ` plus a short random suffix (SPEC §5), `-dry` marking dry runs.
enum RunIdentifier {
    static func make(dryRun: Bool, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return formatter.string(from: now) + "-" + String(repeating: "0", count: 4 - suffix.count) + suffix + (dryRun ? "-dry" : "")
    }
}
