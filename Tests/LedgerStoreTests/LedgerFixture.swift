import Foundation
import GRDB
import LedgerCore
import LedgerStore
import LedgerStorage

/// A real ledger database in a temporary directory, with helpers to feed it rows as the CSV
/// import would: every request goes through `RequestValidator` first.
final class LedgerFixture {
    let directory: URL
    let store: LedgerStore
    let writer: LedgerWriter
    var keys = DerivedKeyCounter()
    nonisolated(unsafe) static var clock: Int64 = 1_776_000_000_000

    init(tenants: [TenantConfig] = LedgerFixture.defaultTenants) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try LedgerStore(path: directory.appendingPathComponent("ledger.sqlite").path)
        writer = try store.queue.inDatabase { db in try LedgerWriter(db, runID: "test-run", now: { 1_776_000_000_000 }) }
        try store.queue.inDatabase { db in
            for tenant in tenants { try writer.upsert(tenant, in: db) }
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static let defaultTenants = [
        TenantConfig(tenantID: "t1", name: "Tenant One", transferEnabled: true),
        TenantConfig(tenantID: "t2", name: "Tenant Two", transferEnabled: false, pointsType: "miles", exchangeRate: 50,
                     currency: Currency(code: "USD")!),
    ]

    @discardableResult
    func open(_ snapshots: AccountSnapshot...) throws -> [SnapshotOutcome] {
        try store.queue.inDatabase { db in try writer.open(snapshots, in: db) }
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
        var applied = try store.queue.inDatabase { db in try writer.apply(requests, in: db) }.makeIterator()
        return validated.map { item in
            switch item.request {
            case .success: applied.next()!
            case .failure(let rejection): .rejected(rejection)
            }
        }
    }

    func apply(_ rows: TransferRow...) throws -> [TransferOutcome] { try apply(rows) }

    func balance(_ tenant: String, _ kind: AccountKind, _ asset: String, _ user: String) -> Int64? {
        writer.state(of: AccountKey(tenantID: tenant, kind: kind, asset: asset, userID: user))?.balance
    }

    /// Runs every ledger-only check and returns all violations.
    func violations() throws -> [CheckViolation] {
        try store.queue.read { db in
            let checks = try LedgerChecks(full: db)
            return try CheckName.ledgerChecks.flatMap { try checks.run($0) }
        }
    }

    /// Changes stored account state (`account_balances`) of the accounts matching `condition`.
    func tamper(onBalances assignments: String, where condition: String) throws {
        try tamper("UPDATE account_balances SET \(assignments) WHERE id IN (SELECT id FROM accounts WHERE \(condition))")
    }

    /// Runs SQL as a person tampering with the file would: the append-only triggers are dropped first.
    func tamper(_ sql: String) throws {
        try store.queue.inDatabase { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS transfers_append_only_update; DROP TRIGGER IF EXISTS transfer_texts_append_only_update")
            try db.execute(sql: sql)
        }
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
