import Foundation
import LedgerCore
import LedgerStorage
import LedgerTestSupport
import Testing

/// A storage backend the store tests run against: each read-side test is written once, against
/// `LedgerReading`, and runs on every backend listed in `all` (`@Test(arguments: StoreBackend.all)`),
/// as Hummingbird's `PersistDriver` tests run on memory, Redis and PostgreSQL alike.
///
/// SQLite (a ledger file in a temporary directory) always runs. A backend that needs a server
/// joins the list only when its test database is configured (PostgreSQL:
/// `LEDGER_RECON_TEST_POSTGRES_URL`), so the suite still runs on a machine without one.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    /// A new, empty ledger of this backend holding `tenants`, with the fixture's writer on it.
    let makeFixture: @Sendable (_ tenants: [TenantConfig]) throws -> LedgerFixture

    var testDescription: String { name }

    func fixture(tenants: [TenantConfig] = LedgerFixture.defaultTenants) throws -> LedgerFixture {
        try makeFixture(tenants)
    }

    static let sqlite = StoreBackend(name: "SQLite") { tenants in try LedgerFixture(tenants: tenants) }

    /// SQLite with each batch's commit deferred to the next batch (`LedgerEngine.defersCommits`),
    /// as a run imports transfers; its tests finish the waiting batch before they read.
    static let sqliteDeferringCommits = StoreBackend(name: "SQLite, deferred commits") { tenants in
        let fixture = try LedgerFixture(tenants: tenants)
        fixture.engine.defersCommits = true
        return fixture
    }

    /// Every backend this machine can test: PostgreSQL when `make test` started a cluster
    /// (`LEDGER_RECON_TEST_POSTGRES_URL`, `TestPostgres`).
    static let all: [StoreBackend] = [.sqlite] + (TestPostgres.isAvailable ? [.postgres] : [])
}

extension LedgerSnapshot {
    /// One user's accounts (`accounts(_:)` with a user id).
    func accounts(tenantID: String, userID: String) throws -> UserAccounts {
        try accounts(AccountsQuery(tenantID: tenantID, userID: userID, page: 1, pageSize: AccountsQuery.defaultPageSize)).users[0]
    }
}
