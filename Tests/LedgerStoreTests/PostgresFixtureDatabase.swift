import LedgerCore
import LedgerPostgres
import LedgerStorage
import LedgerTestSupport

extension StoreBackend {
    /// PostgreSQL: a fresh database on the test cluster per fixture (`TestPostgres`), dropped with it.
    static let postgres = StoreBackend(name: "PostgreSQL") { tenants in
        try LedgerFixture(database: PostgresFixtureDatabase(), tenants: tenants)
    }
}

/// A PostgreSQL ledger in a database of its own on the test cluster, for `LedgerFixture`: the
/// fixture's engine writes through a `PostgresWriteStore` on a session holding the run lock, as a
/// run does; readers and later write stores open sessions of their own.
final class PostgresFixtureDatabase: FixtureDatabase {
    let url: String
    let location: PostgresLocation
    private let ledger: PostgresLedger
    private let postgresStore: PostgresWriteStore
    let reader: any LedgerReading
    /// Sessions opened later (`makeWriteStore`), closed with the fixture.
    private var others: [PostgresLedger] = []

    var writeStore: any LedgerWriteStore { postgresStore }

    init() throws {
        url = try TestPostgres.createDatabase(prefix: "store")
        do {
            location = try PostgresLocation(parsing: url)
            ledger = try PostgresLedger.open(location, create: true, runID: "test-run")
            postgresStore = try PostgresWriteStore(ledger)
            reader = try PostgresLedgerReader(location: location)
        } catch {
            TestPostgres.dropDatabase(url)
            throw error
        }
    }

    /// A write store on a session of its own, without the run lock (the fixture's holds it).
    func makeWriteStore() throws -> any LedgerWriteStore {
        let other = try PostgresLedger.open(location, create: false, runID: nil)
        others.append(other)
        return try PostgresWriteStore(other)
    }

    func makeReader() throws -> any LedgerReading { try PostgresLedgerReader(location: location) }

    func record(_ review: BreakReview) throws {
        try postgresStore.withRunSnapshot(writes: true) { snapshot in try snapshot.record(review) }
    }

    func recordCounts(_ counts: RunCounts, runID: String) throws {
        try postgresStore.recordCounts(counts, runID: runID)
    }

    func tamper(_ sql: String) throws { try TestPostgres.tamper(sql, in: url) }

    func execute(_ sql: String) throws { try TestPostgres.execute(sql, in: url) }

    func bytes(_ expression: String) -> String { "convert_to(\(expression), 'UTF8')" }

    func indexNames() throws -> Set<String> {
        Set(try strings("SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema()"))
    }

    func reopen() throws { _ = try makeWriteStore() }

    func strings(_ sql: String) throws -> [String] { try TestPostgres.strings(sql, in: url) }

    func remove() {
        for other in others { other.close() }
        ledger.close()
        TestPostgres.dropDatabase(url)
    }
}
