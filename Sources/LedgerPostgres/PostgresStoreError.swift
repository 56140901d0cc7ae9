/// What can stop a command on a PostgreSQL ledger, each as one line a person can act on: what
/// happened, the host:port and database concerned, and what to do (SPEC §4, §7). No case carries
/// a password, and none prints one: `PostgresLocation` keeps it out of every description.
///
/// Exit codes (mapped by the commands, `JobFailure`): `lockHeld` is 3; the others are 2 when
/// nothing was applied yet (a server that cannot be reached, a refused sign-in, no such database,
/// no ledger) and 5 once a batch was committed (`connectionLost` mid-run: the committed batches
/// stay and the same command finishes the night).
public enum PostgresStoreError: Error, Hashable, CustomStringConvertible {
    /// No connection could be made: refused, no route, the name does not resolve, no answer in time.
    case unreachable(PostgresLocation, reason: String)
    /// The server refused the user (wrong password, unknown role, no pg_hba.conf entry).
    case authenticationFailed(PostgresLocation, reason: String)
    /// The server has no database of that name.
    case databaseMissing(PostgresLocation)
    /// The connection broke after it was made (server restarted, backend terminated, network).
    case connectionLost(PostgresLocation, reason: String)
    /// The database holds no ledger and `--create-db` was not given.
    case noLedger(PostgresLocation)
    /// `--create-db` on a database that already holds other tables and no ledger.
    case notEmpty(PostgresLocation, tables: [String])
    /// The ledger's schema version is one this release does not know (written by a newer one).
    case unknownSchema(PostgresLocation, version: Int)
    /// The user lacks a privilege the command needs.
    case permissionDenied(PostgresLocation, reason: String)
    /// Another run holds the ledger's run lock; `owner` says which (run id, host, since when).
    case lockHeld(PostgresLocation, owner: String)
    /// Another writer added rows while this run was writing (it bypassed the run lock, SPEC §6):
    /// the open batch was rolled back.
    case foreignWrite(PostgresLocation)
    /// Any other error the server reported.
    case server(PostgresLocation, sqlState: String, message: String)

    public var description: String {
        let text: String
        switch self {
        case .unreachable(let location, let reason):
            text = "cannot reach the PostgreSQL server at \(location.endpoint) for database '\(location.database)' (\(reason)): "
                + "check that the server runs and accepts connections there, and --db / LEDGER_RECON_DB"
        case .authenticationFailed(let location, let reason):
            text = "the PostgreSQL server at \(location.endpoint) refused user '\(location.user)' for database "
                + "'\(location.database)' (\(reason)): check the user and its password (in the URL or PGPASSWORD) "
                + "and the server's pg_hba.conf"
        case .databaseMissing(let location):
            text = "the PostgreSQL server at \(location.endpoint) has no database '\(location.database)': "
                + "create it (createdb \(location.database)) or fix --db / LEDGER_RECON_DB"
        case .connectionLost(let location, let reason):
            text = "lost the connection to the PostgreSQL server at \(location.endpoint) (database '\(location.database)'): \(reason)"
        case .noLedger(let location):
            text = "no ledger in \(location); give --db, or --create-db to create the ledger's tables in it"
        case .notEmpty(let location, let tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            text = "\(location) holds tables that are not a ledger (\(shown)): give --create-db an empty database"
        case .unknownSchema(let location, let version):
            text = "\(location) holds a ledger of schema version \(version), which this release does not know: "
                + "use the release that wrote it"
        case .permissionDenied(let location, let reason):
            text = "user '\(location.user)' lacks a privilege in \(location) (\(reason)): grant the privileges "
                + "the README's PostgreSQL section lists"
        case .lockHeld(let location, let owner):
            text = "another run holds the database \(location.redactedURL) (\(owner)); try again when it has finished"
        case .foreignWrite(let location):
            text = "another process wrote \(location) while this run was writing it (a second writer got past the run lock); "
                + "the open batch was rolled back. Stop the other writer, run `ledger-recon verify`, then run the same command again"
        case .server(let location, let sqlState, let message):
            text = "PostgreSQL error in \(location): \(message) (SQLSTATE \(sqlState))"
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// True for a connection that broke mid-run: what was committed stays, the rest is retried by
    /// running the same command again.
    public var isConnectionLoss: Bool {
        if case .connectionLost = self { return true }
        return false
    }
}
