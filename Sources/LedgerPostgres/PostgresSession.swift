import Foundation
internal import Logging
internal import PostgresNIO

/// One connection to a PostgreSQL ledger, used synchronously by the job (`BlockingCall`).
///
/// A run holds one session from start to end: its run lock is a session-level advisory lock
/// (`PostgresRunLock`), so it lives exactly as long as this connection, and a killed run's lock
/// goes with its socket. Every error leaves as a `PostgresStoreError`.
final class PostgresSession: Sendable {
    let location: PostgresLocation
    let connection: PostgresConnection
    let logger: Logger

    private init(location: PostgresLocation, connection: PostgresConnection, logger: Logger) {
        self.location = location
        self.connection = connection
        self.logger = logger
    }

    /// Connects and signs in.
    /// - Parameter applicationName: shown in `pg_stat_activity`; a run puts its id here so a
    ///   refused second run can name it (`PostgresRunLock`).
    /// - Throws: `PostgresStoreError` `.unreachable`, `.authenticationFailed`, `.databaseMissing`.
    static func connect(_ location: PostgresLocation, applicationName: String = "ledger-recon") throws -> PostgresSession {
        let logger = Logger(label: "ledger-recon.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: try tls(for: location))
        configuration.options.connectTimeout = .seconds(Int64(location.connectTimeoutSeconds))
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        do {
            let connection = try BlockingCall.run { [configuration] in
                try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            }
            return PostgresSession(location: location, connection: connection, logger: logger)
        } catch {
            throw PostgresStoreError(error, at: location, connected: false)
        }
    }

    private static func tls(for location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch location.tlsMode {
        case .disable: return .disable
        case .verifyFull: break
        case .prefer, .require: configuration.certificateVerification = .none
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw PostgresStoreError.unreachable(location, reason: "TLS could not be set up: \(error)")
        }
        return location.tlsMode == .prefer ? .prefer(context) : .require(context)
    }

    /// Runs one statement and decodes every row it returns.
    func rows<Row: Sendable>(_ query: PostgresQuery, _ decode: @escaping @Sendable (PostgresRow) throws -> Row) throws -> [Row] {
        try call { connection, logger in
            var decoded: [Row] = []
            for try await row in try await connection.query(query, logger: logger) { decoded.append(try decode(row)) }
            return decoded
        }
    }

    /// Runs one statement, ignoring any rows.
    func execute(_ query: PostgresQuery) throws {
        try call { connection, logger in _ = try await connection.query(query, logger: logger).collect() }
    }

    /// Runs a script of several statements one by one (postgres-nio sends every query as a
    /// prepared statement, which holds one command), e.g. the schema.
    func executeScript(_ sql: String) throws {
        for statement in SQLScript.statements(sql) { try execute(PostgresQuery(unsafeSQL: statement)) }
    }

    /// `COPY table (columns) FROM STDIN` in text format, streaming `chunks` (each a whole number
    /// of rows, `CopyTextEncoder`).
    func copy(into table: String, columns: [String], chunks: [ByteBuffer]) throws {
        try call { connection, logger in
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                for chunk in chunks { try await writer.write(chunk) }
            }
        }
    }

    /// `body` between BEGIN and COMMIT, rolled back when it throws: one batch is one transaction.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Closes the connection; a run lock it held is released by the server.
    func close() {
        guard !connection.isClosed else { return }
        _ = try? BlockingCall.run { [connection] in try await connection.close() }
    }

    private func call<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) throws -> T {
        // postgres-nio 1.33 never answers a query written to a connection the server has already
        // closed (the write fails, the query's promise is left open): ask first.
        guard !connection.isClosed else {
            throw PostgresStoreError.connectionLost(location, reason: "the server closed the connection")
        }
        do {
            return try BlockingCall.run(abandonWhen: { [connection] in connection.isClosed }) { [connection, logger] in
                try await body(connection, logger)
            }
        } catch is BlockingCall.Abandoned {
            throw PostgresStoreError.connectionLost(location, reason: "the server closed the connection")
        } catch {
            throw PostgresStoreError(error, at: location, connected: true)
        }
    }
}
