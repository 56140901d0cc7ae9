public import ArgumentParser
import Foundation
import LedgerPostgres

/// `--db PATH|URL`, shared by every command. Default `ledger.sqlite` in the working directory;
/// the environment variable `LEDGER_RECON_DB` overrides the default, `--db` overrides both.
///
/// A value starting with `postgresql://` or `postgres://` names a PostgreSQL database (SPEC §4, §7;
/// `PostgresLocation`); anything else is an SQLite file path. A malformed URL is a usage error
/// (exit 2) naming what is wrong, never the password.
public struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The SQLite ledger file, or a PostgreSQL URL postgresql://user@host[:port]/dbname (default: ledger.sqlite in the working directory; the environment variable LEDGER_RECON_DB overrides the default).",
        valueName: "PATH"))
    var explicitPath: String?

    public init() {}

    public static let environmentVariable = "LEDGER_RECON_DB"
    public static let defaultPath = "ledger.sqlite"

    /// Where the ledger is: a file, or a PostgreSQL database.
    enum Location {
        case sqlite(path: String)
        case postgres(PostgresLocation)
    }

    /// The database path or URL this invocation uses, as given (a URL may hold a password: show
    /// `displayName` instead).
    public var path: String {
        explicitPath ?? ProcessInfo.processInfo.environment[DatabaseOptions.environmentVariable] ?? DatabaseOptions.defaultPath
    }

    /// The ledger this invocation uses.
    /// - Throws: `PostgresLocation.ParseError` for a PostgreSQL URL that does not parse.
    func location() throws -> Location {
        let text = path
        guard PostgresLocation.isURL(text) else { return .sqlite(path: text) }
        return .postgres(try PostgresLocation(parsing: text))
    }

    /// How messages name the ledger: the path, or the URL without its password.
    public var displayName: String { DatabaseOptions.displayName(of: path) }

    /// Refuses a malformed PostgreSQL URL before anything runs (exit 2, naming what is wrong and
    /// never the password); a well-formed one is opened by the command (`LedgerBackends`, `LedgerReaders`).
    public func validate() throws {
        do {
            _ = try location()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// How messages, logs and reports name the ledger at `location` (a path, or a URL): a URL
    /// without its password.
    static func displayName(of location: String) -> String {
        guard PostgresLocation.isURL(location) else { return location }
        return (try? PostgresLocation(parsing: location, environment: [:]))?.redactedURL ?? PostgresLocation.redact(location)
    }
}
