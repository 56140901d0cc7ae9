import Foundation
import Testing

/// A generated night big enough to take the debug binary several seconds: one tenant, `users`
/// wallets with large opening balances, and `rows` wallet transfers with explicit unique keys,
/// each small enough that every row is affordable, so every row applies.
struct BigNight {
    let users: Int
    let rows: Int
    let keyPrefix: String

    init(users: Int, rows: Int, keyPrefix: String = "big") {
        self.users = users
        self.rows = rows
        self.keyPrefix = keyPrefix
    }

    static let tenants = "tenant_id,name,transfer_enabled,points_type,exchange_rate,currency\ntnt_big,Big Night,true,cash_equivalent,100,CNY\n"

    /// Writes `big-tenants.csv`, `big-accounts.csv` and `big-transfers.csv` into the sandbox.
    func write(into box: Sandbox) throws {
        try box.write("big-tenants.csv", BigNight.tenants)
        var accounts = "tenant_id,user_id,kind,currency,balance,frozen_balance,status\n"
        for user in 0..<users {
            accounts += "tnt_big,\(Self.user(user)),wallet,CNY,1000000.00,0,active\n"
        }
        try box.write("big-accounts.csv", accounts)

        var lines: [String] = ["kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,requested_at"]
        lines.reserveCapacity(rows + 1)
        for row in 0..<rows {
            let from = row % users, to = (row * 7 + 1) % users == from ? (from + 1) % users : (row * 7 + 1) % users
            let cents = 1 + row % 997
            lines.append("wallet,tnt_big,\(Self.user(from)),\(Self.user(to)),\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100),CNY,"
                         + "\(keyPrefix)-\(row),2026-11-20T00:00:00Z")
        }
        try box.write("big-transfers.csv", lines.joined(separator: "\n") + "\n")
    }

    static func user(_ index: Int) -> String { "usr_\(index)" }

    func arguments(_ box: Sandbox, batchSize: Int) -> [String] {
        box.nightArguments(tenants: "big-tenants.csv", accounts: ["big-accounts.csv"], transfers: ["big-transfers.csv"],
                           expected: nil, extra: ["--batch-size", String(batchSize)])
    }
}

extension Sandbox {
    /// Transfer entries in the ledger right now, read while a run may be writing (WAL lets a
    /// reader in); nil while the database or its tables do not exist yet.
    func transferEntriesIfReadable() -> Int? {
        guard backend == .postgresql || FileManager.default.fileExists(atPath: db) else { return nil }
        return try? transferEntries()
    }

    /// Polls every 20 ms (PostgreSQL: 200 ms, each look is a `psql` process that would otherwise
    /// take the run's CPU) until `condition` holds, the process ends, or `timeoutSeconds` pass.
    /// Returns whether the condition held.
    func poll(while process: RunningBinary, timeoutSeconds: Double = 60, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if condition() { return true }
            guard process.isRunning else { return condition() }
            usleep(backend == .postgresql ? 200_000 : 20_000)
        }
        return false
    }
}
