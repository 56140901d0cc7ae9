@testable import LedgerPostgres
import Testing

/// `--db postgresql://…` (SPEC §4, §7): what is read from the URL, what is refused and how, and that
/// the password is never shown.
@Suite struct PostgresLocationTests {
    @Test func readsEveryPart() throws {
        let location = try PostgresLocation(parsing: "postgresql://ledger:s3cret@db.internal:6432/books?sslmode=require&connect_timeout=3",
                                            environment: [:])
        #expect(location.user == "ledger")
        #expect(location.password == "s3cret")
        #expect(location.host == "db.internal")
        #expect(location.port == 6432)
        #expect(location.database == "books")
        #expect(location.tlsMode == .require)
        #expect(location.connectTimeoutSeconds == 3)
        #expect(location.redactedURL == "postgresql://ledger@db.internal:6432/books")
        #expect(location.description == "database 'books' on db.internal:6432")
    }

    @Test func defaultsAsLibpq() throws {
        let location = try PostgresLocation(parsing: "postgres://ledger@localhost/books", environment: [:])
        #expect(location.port == 5432)
        #expect(location.password == nil)
        #expect(location.tlsMode == .prefer)
        #expect(location.connectTimeoutSeconds == PostgresLocation.defaultConnectTimeoutSeconds)
    }

    @Test func takesThePasswordFromPGPASSWORDWhenTheURLHasNone() throws {
        let fromEnvironment = try PostgresLocation(parsing: "postgresql://ledger@h/books", environment: ["PGPASSWORD": "env-pw"])
        #expect(fromEnvironment.password == "env-pw")
        let fromURL = try PostgresLocation(parsing: "postgresql://ledger:url-pw@h/books", environment: ["PGPASSWORD": "env-pw"])
        #expect(fromURL.password == "url-pw")
    }

    @Test func decodesPercentEncodingAndIPv6() throws {
        let location = try PostgresLocation(parsing: "postgresql://fin%40ops:p%2Fw%40rd@[::1]:5433/the%20books", environment: [:])
        #expect(location.user == "fin@ops")
        #expect(location.password == "p/w@rd")
        #expect(location.host == "::1")
        #expect(location.port == 5433)
        #expect(location.database == "the books")
        #expect(location.endpoint == "[::1]:5433")
    }

    @Test(arguments: [
        "postgresql://ledger@localhost/books", "postgres://x@y/z", "POSTGRESQL://x@y/z", "Postgres://x@y/z",
    ])
    func recognisesTheSchemes(_ text: String) {
        #expect(PostgresLocation.isURL(text))
    }

    @Test(arguments: ["ledger.sqlite", "/var/lib/ledger/ledger.sqlite", "postgresql.sqlite", "./postgres://x", "pg://x@y/z"])
    func treatsAnythingElseAsAFilePath(_ text: String) {
        #expect(!PostgresLocation.isURL(text))
    }

    @Test(arguments: [
        ("postgresql://ledger:pw@localhost", "no database name"),
        ("postgresql://ledger:pw@localhost/", "no database name"),
        ("postgresql://ledger:pw@localhost/a/b", "no database name"),
        ("postgresql://localhost/books", "no user name"),
        ("postgresql://:pw@localhost/books", "no user name"),
        ("postgresql://ledger:pw@/books", "no host name"),
        ("postgresql://ledger:pw@localhost:0/books", "the port '0' is not a number from 1 to 65535"),
        ("postgresql://ledger:pw@localhost:70000/books", "the port '70000'"),
        ("postgresql://ledger:pw@localhost:abc/books", "the port 'abc'"),
        ("postgresql://ledger:pw@[::1/books", "no closing ]"),
        ("postgresql://ledger:pw@localhost/books?sslmode=allow", "sslmode 'allow' is not one of disable, prefer, require, verify-full"),
        ("postgresql://ledger:pw@localhost/books?connect_timeout=0", "connect_timeout '0'"),
        ("postgresql://ledger:pw@localhost/books?target_session_attrs=any", "unknown parameter 'target_session_attrs'"),
        ("postgresql://ledger:pw@localhost/b%ZZ", "not valid percent-encoding"),
    ])
    func refusesWithTheProblemNamedAndNoPassword(_ text: String, _ problem: String) {
        #expect {
            try PostgresLocation(parsing: text, environment: [:])
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("--db postgresql://") && message.contains(problem) && !message.contains(":pw@")
                && !message.contains("\n")
        }
    }

    @Test func neverShowsThePassword() throws {
        let location = try PostgresLocation(parsing: "postgresql://ledger:Zq9-secret@db:5432/books", environment: [:])
        var dumped = ""
        dump(location, to: &dumped)
        let shown = [location.description, location.redactedURL, String(reflecting: location), "\(location)", dumped]
        for text in shown { #expect(!text.contains("Zq9-secret"), "\(text)") }
        let errors: [PostgresStoreError] = [
            .unreachable(location, reason: "connection refused"), .authenticationFailed(location, reason: "x"),
            .databaseMissing(location), .connectionLost(location, reason: "x"), .noLedger(location),
            .notEmpty(location, tables: ["t"]), .unknownSchema(location, version: 9), .permissionDenied(location, reason: "x"),
            .lockHeld(location, owner: "run r"), .server(location, sqlState: "XX000", message: "x"),
        ]
        for error in errors {
            let text = error.description
            #expect(!text.contains("Zq9-secret"))
            #expect(text.contains("db:5432") || text.contains("postgresql://ledger@db:5432/books"), "\(text)")
            #expect(text.contains("books"))
            #expect(!text.contains("\n"))
        }
    }

    @Test func redactsURLsThatDoNotParse() {
        #expect(PostgresLocation.redact("postgresql://u:secret@h:x/d") == "postgresql://u:***@h:x/d")
        #expect(PostgresLocation.redact("postgresql://u@h/d") == "postgresql://u@h/d")
        #expect(PostgresLocation.redact("postgresql://u:p@ss@h/d") == "postgresql://u:***@h/d")
    }
}
