import Foundation
import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// A real ledger of one backend (`StoreBackend`), with helpers to feed it rows as the CSV import
/// would: every request goes through `RequestValidator` first. It writes only through the engine
/// over `LedgerWriteStore` and reads only through `LedgerReading`, so a test written against it
/// runs on every backend; what differs per backend (making the database, SQL a test runs to edit
/// rows by hand) is the `FixtureDatabase`'s.
final class LedgerFixture {
    let database: any FixtureDatabase
    /// The engine under test, over the backend's write store.
    let engine: LedgerEngine
    /// The ledger through the read side of the storage seam, as the commands read it.
    let reader: any LedgerReading
    var keys = DerivedKeyCounter()
    nonisolated(unsafe) static var clock: Int64 = 1_776_000_000_000

    /// An SQLite ledger in a temporary directory (`StoreBackend.sqlite`).
    convenience init(tenants: [TenantConfig] = LedgerFixture.defaultTenants) throws {
        try self.init(database: SQLiteFixtureDatabase(), tenants: tenants)
    }

    init(database: any FixtureDatabase, tenants: [TenantConfig]) throws {
        self.database = database
        engine = try LedgerEngine(store: database.writeStore, runID: "test-run", now: { 1_776_000_000_000 })
        for tenant in tenants { try engine.upsert(tenant) }
        reader = database.reader
    }

    deinit { database.remove() }

    /// The SQLite store under an SQLite fixture, for the suites about SQLite's file itself (they
    /// run on `StoreBackend.sqlite` only); nil on another backend.
    var sqlite: LedgerStore? { (database as? SQLiteFixtureDatabase)?.store }

    /// The SQLite store; only for tests that run on SQLite alone.
    var store: LedgerStore { sqlite! }

    /// Another engine on the same ledger (as the next run opens it), with a write store of its own.
    func nextEngine(runID: String) throws -> LedgerEngine {
        try LedgerEngine(store: database.makeWriteStore(), runID: runID, now: { 1_776_000_000_000 })
    }

    static let defaultTenants = [
        TenantConfig(tenantID: "t1", name: "Tenant One", transferEnabled: true),
        TenantConfig(tenantID: "t2", name: "Tenant Two", transferEnabled: false, pointsType: "miles", exchangeRate: 50,
                     currency: Currency(code: "USD")!),
    ]

    @discardableResult
    func open(_ snapshots: AccountSnapshot...) throws -> [SnapshotOutcome] {
        try engine.open(snapshots)
    }

    func wallet(_ tenant: String, _ user: String, _ balance: Int64, currency: String = "CNY", frozen: Int64 = 0,
                status: AccountStatus = .active) -> AccountSnapshot {
        AccountSnapshot(tenantID: tenant, userID: user, asset: Asset(currency: Currency(code: currency)!), status: status,
                        balance: balance, frozenBalance: frozen)
    }

    func points(_ tenant: String, _ user: String, _ balance: Int64, type: String = "cash_equivalent", frozen: Int64 = 0,
                status: AccountStatus = .active) -> AccountSnapshot {
        AccountSnapshot(tenantID: tenant, userID: user, asset: Asset(pointsType: type), status: status,
                        balance: balance, frozenBalance: frozen)
    }

    /// Validates and applies rows as one batch; rows failing validation are rejected without reaching the store.
    func apply(_ rows: [TransferRow]) throws -> [TransferOutcome] {
        let validated = rows.map { RequestValidator.validate($0, keys: &keys) }
        let requests = validated.compactMap { try? $0.request.get() }
        var applied = try engine.apply(requests).makeIterator()
        return validated.map { item in
            switch item.request {
            case .success: applied.next()!
            case .failure(let rejection): .rejected(rejection)
            }
        }
    }

    func apply(_ rows: TransferRow...) throws -> [TransferOutcome] { try apply(rows) }

    func balance(_ tenant: String, _ kind: AccountKind, _ asset: String, _ user: String) -> Int64? {
        engine.state(of: AccountKey(tenantID: tenant, kind: kind, asset: asset, userID: user))?.balance
    }

    /// Runs every ledger-only check and returns all violations.
    func violations() throws -> [CheckViolation] {
        try reader.read { snapshot in
            let checks = try LedgerChecks(full: snapshot)
            return try CheckName.ledgerChecks.flatMap { try checks.run($0) }
        }
    }

    /// A second reader of the same ledger, on a connection of its own (as another command opens it).
    func openReader() throws -> any LedgerReading { try database.makeReader() }

    /// Records a break review as a run does, in one transaction of the ledger.
    func record(_ review: BreakReview) throws {
        try database.record(review)
    }

    /// Records a run's start, counts and end as a run does.
    func recordRun(exitCode: Int32, counts: RunCounts) throws {
        try engine.recordRunStart(command: "run --db x", pid: 42, inputs: "transfers=/t.csv")
        try database.recordCounts(counts, runID: "test-run")
        try engine.recordRunEnd(exitCode: exitCode, reports: "reports/x")
    }

    /// Changes stored account state (`account_balances`) of the accounts matching `condition`.
    func tamper(onBalances assignments: String, where condition: String) throws {
        try tamper("UPDATE account_balances SET \(assignments) WHERE id IN (SELECT id FROM accounts WHERE \(condition))")
    }

    /// Runs SQL as a person tampering with the database would: the append-only triggers do not fire.
    func tamper(_ sql: String) throws {
        try database.tamper(sql)
    }

    /// The rows of a one-column query as text, in the backend's own words (an integer as its
    /// digits; SQL both backends accept, e.g. `NOT is_system` rather than `is_system = 0`).
    func strings(_ sql: String) throws -> [String] {
        try database.strings(sql)
    }

    /// Runs SQL as a client of the ledger would (triggers fire).
    func execute(_ sql: String) throws {
        try database.execute(sql)
    }

    /// An SQL expression for the bytes of the text `expression`, for comparing ids byte for byte.
    func bytes(_ expression: String) -> String { database.bytes(expression) }

    /// One integer, e.g. a COUNT(*).
    func integer(_ sql: String) throws -> Int {
        let text = try strings(sql).first ?? ""
        return try #require(Int(text), "\(sql) gave \(text)")
    }
}

func walletRow(_ from: String, _ to: String, _ amount: String, tenant: String = "t1", currency: String = "CNY",
               key: String = "", description: String = "", line: Int = 2) -> TransferRow {
    TransferRow(kind: "wallet", tenantID: tenant, fromUserID: from, toUserID: to, amount: amount, currency: currency,
                idempotencyKey: key, description: description, origin: RowOrigin(file: "transfers.csv", line: line))
}

func pointsRow(_ from: String, _ to: String, _ amount: String, tenant: String = "t1", key: String = "",
               reason: String = "", line: Int = 2) -> TransferRow {
    TransferRow(kind: "points", tenantID: tenant, fromUserID: from, toUserID: to, amount: amount,
                idempotencyKey: key, reason: reason, origin: RowOrigin(file: "transfers.csv", line: line))
}

extension TransferOutcome {
    var code: Rejection.Code? { rejection?.code }
}
