internal import PostgresNIO
import Foundation

extension PostgresStoreError {
    /// Turns what postgres-nio threw into the error a person can act on.
    ///
    /// - Parameter connected: false while signing in, when a broken socket means the server could
    ///   not be reached; true after, when it means the connection was lost mid-run.
    init(_ error: any Error, at location: PostgresLocation, connected: Bool) {
        if let known = error as? PostgresStoreError {
            self = known
            return
        }
        if let transaction = error as? PostgresTransactionError,
           let cause = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
            self.init(cause, at: location, connected: connected)
            return
        }
        guard let psql = error as? PSQLError else {
            let reason = PostgresStoreError.reason(error)
            if error is IOError || error is ChannelError || error is NIOConnectionError {
                self = connected ? .connectionLost(location, reason: reason) : .unreachable(location, reason: reason)
            } else {
                self = .server(location, sqlState: "-", message: reason)
            }
            return
        }
        switch psql.code {
        case .server:
            let sqlState = psql.serverInfo?[.sqlState] ?? "?"
            let message = psql.serverInfo?[.message] ?? "no message"
            self = PostgresStoreError(sqlState: sqlState, message: message, at: location, connected: connected)
        case .authMechanismRequiresPassword:
            self = .authenticationFailed(location, reason: "the server asks for a password and none was given")
        case .unsupportedAuthMechanism, .saslError:
            self = .authenticationFailed(location, reason: "the server asks for a sign-in method this client does not support")
        case .sslUnsupported:
            self = .unreachable(location, reason: "the server does not offer TLS and the URL's sslmode requires it")
        case .connectionError, .uncleanShutdown, .serverClosedConnection, .clientClosedConnection, .failedToAddSSLHandler,
             .receivedUnencryptedDataAfterSSLRequest:
            let reason = psql.underlying.map(PostgresStoreError.reason) ?? "the server closed the connection"
            self = connected ? .connectionLost(location, reason: reason) : .unreachable(location, reason: reason)
        default:
            self = .server(location, sqlState: "-", message: "client error \(psql.code)")
        }
    }

    /// Errors the server reported, by SQLSTATE class (PostgreSQL manual, appendix A).
    init(sqlState: String, message: String, at location: PostgresLocation, connected: Bool) {
        switch sqlState {
        case "28P01", "28000":
            self = .authenticationFailed(location, reason: message)
        case "3D000":
            self = .databaseMissing(location)
        case "42501":
            self = .permissionDenied(location, reason: message)
        case "57P01", "57P02", "57P05":
            // admin_shutdown (terminated or server stopping), crash_shutdown, idle_session_timeout.
            self = connected ? .connectionLost(location, reason: message) : .unreachable(location, reason: message)
        case "57P03":
            self = .unreachable(location, reason: message)
        case let state where state.hasPrefix("08"):
            self = connected ? .connectionLost(location, reason: message) : .unreachable(location, reason: message)
        default:
            self = .server(location, sqlState: sqlState, message: message)
        }
    }

    /// A short reason for a socket-level failure: `connection refused`, not a type dump.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return reason(first.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name does not resolve" }
            return "no address to connect to"
        case let error as ChannelError:
            if case .connectTimeout(let amount) = error {
                return "no answer within \(amount.nanoseconds / 1_000_000_000) s"
            }
            return "\(error)"
        case let error as PSQLError:
            return error.underlying.map(reason) ?? "\(error.code)"
        default:
            return "\(error)"
        }
    }
}
