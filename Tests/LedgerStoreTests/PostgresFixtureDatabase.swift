import LedgerCore
import LedgerStorage
import LedgerTestSupport

extension StoreBackend {
    /// PostgreSQL: a fresh database on the test cluster per fixture (`TestPostgres`), dropped with it.
    static let postgres = StoreBackend(name: "PostgreSQL") { tenants in
        try LedgerFixture(database: PostgresFixtureDatabase(), tenants: tenants)
    }
}

/// A PostgreSQL ledger in a database of its own on the test cluster, for `LedgerFixture`.
final class PostgresFixtureDatabase: FixtureDatabase {
    let url: String
    let writeStore: any LedgerWriteStore
    let reader: any LedgerReading

    init() throws {
        url = try TestPostgres.createDatabase(prefix: "store")
        do {
            writeStore = try Self.openWriteStore(url, create: true)
            reader = try Self.openReader(url)
        } catch {
            TestPostgres.dropDatabase(url)
            throw error
        }
    }

    // The backend's types (PostgresWriteStore, PostgresLedgerReader) join here.
    static func openWriteStore(_ url: String, create: Bool) throws -> any LedgerWriteStore {
        throw TestPostgresError.noServer
    }

    static func openReader(_ url: String) throws -> any LedgerReading {
        throw TestPostgresError.noServer
    }

    func makeWriteStore() throws -> any LedgerWriteStore { try Self.openWriteStore(url, create: false) }

    func makeReader() throws -> any LedgerReading { try Self.openReader(url) }

    func record(_ review: BreakReview) throws {
        throw TestPostgresError.noServer
    }

    func recordCounts(_ counts: RunCounts, runID: String) throws {
        throw TestPostgresError.noServer
    }

    func tamper(_ sql: String) throws { try TestPostgres.tamper(sql, in: url) }

    func execute(_ sql: String) throws { try TestPostgres.execute(sql, in: url) }

    func bytes(_ expression: String) -> String { "convert_to(\(expression), 'UTF8')" }

    func indexNames() throws -> Set<String> {
        Set(try strings("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"))
    }

    func reopen() throws { _ = try makeWriteStore() }

    func strings(_ sql: String) throws -> [String] { try TestPostgres.strings(sql, in: url) }

    func remove() { TestPostgres.dropDatabase(url) }
}
