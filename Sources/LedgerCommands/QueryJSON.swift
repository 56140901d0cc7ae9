import ArgumentParser
import Foundation
import LedgerAPI
import LedgerStorage

/// How a query command prints its answer: the seeds' JSON (the default, for scripts) or an
/// aligned table for a person at a terminal.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, table
}

/// What the query commands share: opening the ledger without changing it, printing a response,
/// and ending with the exit codes of SPEC §4 (404 and usage errors are both 2).
enum QueryJSON {
    /// The current time in UTC milliseconds, for a response's `timestamp`.
    static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Runs `body` on the ledger at `path`, read-only. A missing file is a 404 for `tenantID`:
    /// a query never creates a database.
    static func read<T>(path: String, tenantID: String, format: OutputFormat,
                        _ body: (any LedgerSnapshot) throws -> T) throws -> T {
        guard !LedgerReaders.isMissing(path) else {
            throw notFound("tenant '\(tenantID)' not found: no ledger database at '\(path)'", format: format)
        }
        do {
            return try LedgerReaders.open(path: path).read(body)
        } catch LedgerQueryError.notFound(let message) {
            throw notFound(message, format: format)
        } catch {
            printError("cannot read ledger database '\(LedgerReaders.displayName(path))': \(error)")
            throw LedgerExit.usageOrInput.exitCode
        }
    }

    /// Prints the seeds' 404 `SimpleResponse` (JSON on stdout) or a one-line message (table, on
    /// stderr), and returns the exit code to throw.
    static func notFound(_ message: String, format: OutputFormat) -> ExitCode {
        switch format {
        case .json: write(QueryResponse.encode(QueryResponse.notFound(message, now: nowMillis())))
        case .table: printError(message)
        }
        return LedgerExit.usageOrInput.exitCode
    }

    /// Prints a usage error the way argument-parser does, and returns the exit code to throw.
    static func usageError(_ error: QueryUsageError, commandName: String) -> ExitCode {
        printError("\(error)\nSee 'ledger-recon \(commandName) --help'.")
        return LedgerExit.usageOrInput.exitCode
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    }
}
