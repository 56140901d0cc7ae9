import Foundation
import LedgerTestSupport

/// A generated night whose outcomes depend on order: two tenants, small balances, wallet and
/// points transfers between few users, keyed and keyless rows — so many rows are rejected for
/// insufficient balance, and a run that decided any row against the wrong state would show it.
/// Deterministic for a seed (printed by the tests that use it).
struct ContestedNight {
    let seed: UInt64
    let rows: Int
    let users = 40

    /// Writes `contested-tenants.csv`, `contested-accounts.csv` and `contested-transfers.csv`.
    func write(into box: Sandbox) throws {
        var random = SplitMix64(seed: seed)
        try box.write("contested-tenants.csv", """
            tenant_id,name,transfer_enabled,points_type,exchange_rate,currency
            tnt_one,One,true,cash_equivalent,100,CNY
            tnt_two,Two,true,cash_equivalent,10,JPY

            """)
        var accounts = "tenant_id,user_id,kind,currency,balance,frozen_balance,status\n"
        for (tenant, currency) in [("tnt_one", "CNY"), ("tnt_two", "JPY")] {
            for user in 0..<users {
                let money = random.next(below: 400)
                accounts += "\(tenant),u\(user),wallet,\(currency),\(money)\(currency == "CNY" ? ".00" : ""),0,active\n"
                accounts += "\(tenant),u\(user),points,,\(random.next(below: 300)),0,active\n"
            }
        }
        try box.write("contested-accounts.csv", accounts)
        var lines = ["kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description"]
        for row in 0..<rows {
            let tenant = random.next(below: 2) == 0 ? "tnt_one" : "tnt_two"
            let wallet = random.next(below: 2) == 0
            let from = random.next(below: UInt64(users))
            var to = random.next(below: UInt64(users))
            if to == from { to = (to + 1) % UInt64(users) }
            let currency = wallet ? (tenant == "tnt_one" ? "CNY" : "JPY") : ""
            let key = random.next(below: 10) < 7 ? "k\(row)" : ""
            lines.append("\(wallet ? "wallet" : "points"),\(tenant),u\(from),u\(to),\(1 + random.next(below: 120)),"
                         + "\(currency),\(key),order \(row % 9)")
        }
        try box.write("contested-transfers.csv", lines.joined(separator: "\n") + "\n")
    }

    func arguments(_ box: Sandbox, batchSize: Int) -> [String] {
        box.nightArguments(tenants: "contested-tenants.csv", accounts: ["contested-accounts.csv"],
                           transfers: ["contested-transfers.csv"], expected: nil,
                           extra: ["--batch-size", String(batchSize)])
    }
}

extension Sandbox {
    /// The latest reports with ids and times masked: every row's outcome, every balance and the
    /// trial balance, as two runs that decided the same things write them.
    func comparableOutcome() throws -> String {
        let results = try report("results.csv")
        let message = try results.index(of: "message"), status = try results.index(of: "status")
        let code = try results.index(of: "code"), line = try results.index(of: "line")
        let transfer = try results.index(of: "transfer_id")
        let idPattern = try NSRegularExpression(pattern: "(trf_|run |transfer )[0-9A-Za-z_-]+")
        var text = results.rows.map { row in
            let masked = idPattern.stringByReplacingMatches(
                in: row[message], range: NSRange(row[message].startIndex..., in: row[message]), withTemplate: "$1<id>")
            return [row[line], row[status], row[code], masked, row[transfer].isEmpty ? "" : "<transfer>"].joined(separator: "|")
        }.joined(separator: "\n")
        // rejections.csv, masked the same way: a resumed or replayed night writes the same one.
        let rejections = try report("rejections.csv")
        text += "\nrejections:\n" + rejections.rows.map { row in
            let masked = idPattern.stringByReplacingMatches(
                in: row[message], range: NSRange(row[message].startIndex..., in: row[message]), withTemplate: "$1<id>")
            return [row[line], row[status], row[code], masked].joined(separator: "|")
        }.joined(separator: "\n")
        let balances = try report("balances.csv")
        let accountID = try balances.index(of: "account_id")
        text += "\n" + balances.rows.map { row in
            row.enumerated().filter { $0.offset != accountID }.map(\.element).joined(separator: "|")
        }.joined(separator: "\n")
        text += "\n" + (try report("trial_balance.csv")).rows.map { $0.joined(separator: "|") }.joined(separator: "\n")
        return text
    }
}
