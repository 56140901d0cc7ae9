import Foundation

/// Where a PostgreSQL ledger lives: the parsed `--db postgresql://user[:password]@host[:port]/dbname[?…]`
/// (also `postgres://`, and through `LEDGER_RECON_DB`; SPEC §4, §7).
///
/// The password never leaves this type except to sign in: `description`, `redactedURL` and every
/// error name the user, host, port and database only, so a URL pasted into cron cannot leak into
/// logs, reports or the mail cron sends. Without a password in the URL, `PGPASSWORD` from the
/// environment is used, as libpq does (a password in the URL is visible in `ps`; the variable is not).
///
/// Query parameters understood: `sslmode` (`disable`, `prefer` (the default, as libpq), `require`:
/// encrypted without checking the certificate, `verify-full`: encrypted and checked) and
/// `connect_timeout` (whole seconds, default 10). Any other parameter is refused by name rather
/// than silently ignored.
public struct PostgresLocation: Hashable, Sendable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable {
    public enum TLSMode: String, Hashable, Sendable, CaseIterable {
        case disable
        case prefer
        case require
        case verifyFull = "verify-full"
    }

    public private(set) var user: String
    /// From the URL, else `PGPASSWORD`; nil signs in without one (trust or peer authentication).
    private(set) var password: String?
    public let host: String
    public let port: Int
    public private(set) var database: String
    public let tlsMode: TLSMode
    public let connectTimeoutSeconds: Int

    public static let defaultPort = 5432
    public static let defaultConnectTimeoutSeconds = 10
    /// The URL schemes that make `--db` a PostgreSQL location rather than an SQLite file path.
    public static let schemes = ["postgresql://", "postgres://"]

    /// A reading of `--db` that fails: `text` already has the password removed.
    public struct ParseError: Error, Hashable, CustomStringConvertible {
        public let text: String
        public let problem: String

        public var description: String {
            "--db \(text): \(problem); the form is postgresql://user[:password]@host[:port]/dbname"
        }
    }

    /// True when `text` names a PostgreSQL database (it starts with one of `schemes`, in any case);
    /// anything else is an SQLite file path.
    public static func isURL(_ text: String) -> Bool {
        let lowered = text.prefix(16).lowercased()
        return schemes.contains { lowered.hasPrefix($0) }
    }

    /// Parses a PostgreSQL URL.
    /// - Parameter environment: where `PGPASSWORD` is read when the URL has no password (nil: the
    ///   process's environment).
    /// - Throws: `ParseError` naming what is wrong (never the password).
    public init(parsing text: String, environment: [String: String]? = nil) throws {
        let shown = PostgresLocation.redact(text)
        func fail(_ problem: String) -> ParseError { ParseError(text: shown, problem: problem) }

        guard let scheme = PostgresLocation.schemes.first(where: { text.lowercased().hasPrefix($0) }) else {
            throw fail("not a PostgreSQL URL (it starts with postgresql:// or postgres://)")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw fail("no database name after the host (…/dbname)") }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]
        guard !path.isEmpty, !path.contains("/") else { throw fail("no database name after the host (…/dbname)") }
        guard let database = path.removingPercentEncoding, !database.isEmpty else {
            throw fail("the database name is not valid percent-encoding")
        }

        guard let at = authority.lastIndex(of: "@") else { throw fail("no user name (postgresql://user@host/dbname)") }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]
        let userPart = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let user = userPart[0].removingPercentEncoding, !user.isEmpty else {
            throw fail("no user name (postgresql://user@host/dbname)")
        }
        var password: String?
        if userPart.count == 2 {
            guard let decoded = userPart[1].removingPercentEncoding else { throw fail("the password is not valid percent-encoding") }
            password = decoded
        }

        let (host, portText) = try PostgresLocation.splitHostPort(hostPort, fail: fail)
        var port = PostgresLocation.defaultPort
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else {
                throw fail("the port '\(portText)' is not a number from 1 to 65535")
            }
            port = number
        }

        var tlsMode = TLSMode.prefer
        var timeout = PostgresLocation.defaultConnectTimeoutSeconds
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]), value = parts.count == 2 ? (parts[1].removingPercentEncoding ?? "") : ""
            switch name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw fail("sslmode '\(value)' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tlsMode = mode
            case "connect_timeout":
                guard let seconds = Int(value), (1...3_600).contains(seconds) else {
                    throw fail("connect_timeout '\(value)' is not a number of seconds from 1 to 3600")
                }
                timeout = seconds
            default:
                throw fail("unknown parameter '\(name)' (known: sslmode, connect_timeout)")
            }
        }

        self.user = user
        self.password = password ?? (environment ?? ProcessInfo.processInfo.environment)["PGPASSWORD"]
        self.host = host
        self.port = port
        self.database = database
        self.tlsMode = tlsMode
        self.connectTimeoutSeconds = timeout
    }

    /// The same server with another database or user (tests make a database per test).
    func with(database: String? = nil, user: String? = nil, password: String?? = nil) -> PostgresLocation {
        var copy = self
        copy.database = database ?? self.database
        copy.user = user ?? self.user
        if let password { copy.password = password }
        return copy
    }

    /// `host:port`, with an IPv6 address in brackets.
    public var endpoint: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }

    /// The URL without its password: what every message and report shows.
    public var redactedURL: String {
        "postgresql://\(user)@\(endpoint)/\(database)"
    }

    /// How a message names this database: `database 'ledger' on 127.0.0.1:5432`.
    public var description: String { "database '\(database)' on \(endpoint)" }

    /// The redacted URL: `dump`, test failures and debuggers never show the password either.
    public var debugDescription: String { redactedURL }
    public var customMirror: Mirror { Mirror(self, children: ["url": redactedURL]) }

    /// `text` with anything between `://…:` and `@` (the password) replaced by `***`, for messages
    /// about a URL that did not parse.
    public static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<authority.index(after: colon)]) + "***" + String(text[at...])
    }

    private static func splitHostPort(_ text: Substring, fail: (String) -> ParseError) throws -> (String, Substring?) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw fail("the IPv6 address has no closing ]") }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            guard !host.isEmpty else { throw fail("no host name") }
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { throw fail("unexpected text after the IPv6 address") }
            return (host, after.dropFirst())
        }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let host = parts[0].removingPercentEncoding, !host.isEmpty else {
            throw fail("no host name (postgresql://user@host/dbname)")
        }
        return (host, parts.count == 2 ? parts[1] : nil)
    }
}
