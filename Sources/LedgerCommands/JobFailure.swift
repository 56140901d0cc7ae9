import Foundation
import GRDB
import LedgerImport
import LedgerReports
import LedgerStore

/// Maps what can stop a command to SPEC §4's exit codes, in one place, and prints the one-line
/// reason on stderr.
enum JobFailure {
    static func exitCode(_ body: () throws -> LedgerExit) -> LedgerExit {
        do {
            return try body()
        } catch let error as RunLock.Failure {
            report(error.description)
            if case .held = error { return .databaseBusy }
            return .usageOrInput
        } catch let error as RunRefusal {
            report(error.description)
            return .usageOrInput
        } catch let error as CSVFileError {
            report("\(error.description) (nothing was applied)")
            return .usageOrInput
        } catch let error as LedgerStoreError {
            report(error.description)
            return .usageOrInput
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            report("the database file is not an SQLite database: check --db / LEDGER_RECON_DB")
            return .usageOrInput
        } catch let error as DatabaseError {
            report("database error: \(error.message ?? error.description) "
                + "(committed batches are kept; re-running the same command completes the work exactly once)")
            return .usageOrInput
        } catch let error as ReportError {
            report(error.description)
            return .usageOrInput
        } catch {
            report("\(error)")
            return .usageOrInput
        }
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
