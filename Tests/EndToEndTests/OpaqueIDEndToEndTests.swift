import Foundation
import Testing

/// Ids are opaque bytes (SPEC §2), end to end: a tenant `t_café` written with é composed and one
/// written with e + U+0301 are two tenants; `josé` and `jose`+U+0301 two users. Swift's `String`
/// calls each pair equal, SQLite does not; the run must side with the bytes everywhere.
struct OpaqueIDEndToEndTests {
    static let cafeComposed = "t_caf\u{E9}"
    static let cafeDecomposed = "t_cafe\u{301}"
    static let joseComposed = "jos\u{E9}"
    static let joseDecomposed = "jose\u{301}"

    func night(_ box: Sandbox) throws -> BinaryOutcome {
        try box.write("tenants.csv", """
            tenant_id,name,transfer_enabled
            \(Self.cafeComposed),Café composed,true
            \(Self.cafeDecomposed),Café decomposed,true

            """)
        try box.write("accounts.csv", """
            tenant_id,user_id,kind,currency,balance
            \(Self.cafeComposed),alice,wallet,CNY,100.00
            \(Self.cafeComposed),bob,wallet,CNY,0
            \(Self.cafeDecomposed),bob,wallet,CNY,0
            \(Self.cafeDecomposed),carol,wallet,CNY,5.00
            \(Self.cafeComposed),\(Self.joseComposed),wallet,CNY,10.00
            \(Self.cafeComposed),\(Self.joseDecomposed),wallet,CNY,0

            """)
        try box.write("transfers.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key
            wallet,\(Self.cafeDecomposed),alice,bob,1.00,CNY,k1
            wallet,\(Self.cafeDecomposed),carol,bob,2.00,CNY,k2
            wallet,\(Self.cafeComposed),\(Self.joseDecomposed),alice,5.00,CNY,k3
            wallet,\(Self.cafeComposed),\(Self.joseComposed),\(Self.joseDecomposed),3.00,CNY,k4

            """)
        return try box.runNight(expected: nil)
    }

    /// closing_balance per (tenant bytes, user bytes) from balances.csv.
    func closingBalances(_ box: Sandbox) throws -> [[UInt8]: String] {
        var result: [[UInt8]: String] = [:]
        for row in try box.report("balances.csv").records {
            result[Array((row["tenant_id"]! + "|" + row["user_id"]!).utf8)] = row["closing_balance"]
        }
        return result
    }

    func key(_ tenant: String, _ user: String) -> [UInt8] { Array((tenant + "|" + user).utf8) }

    @Test func lookAlikeTenantsAndUsersStayApart() throws {
        let box = try Sandbox()
        let outcome = try night(box)
        #expect(outcome.status == 0, "\(outcome)\n\(box.breaksText)")
        let statuses = try box.report("results.csv").records.map { "\($0["idempotency_key"]!) \($0["status"]!) \($0["code"]!)" }
        #expect(statuses == ["k1 rejected not_found", "k2 applied ", "k3 rejected insufficient_balance", "k4 applied "])
        let balances = try closingBalances(box)
        #expect(balances.count == 6, "six accounts, none merged: \(balances)")
        #expect(balances[key(Self.cafeComposed, "alice")] == "100.00")
        #expect(balances[key(Self.cafeComposed, "bob")] == "0.00")
        #expect(balances[key(Self.cafeDecomposed, "bob")] == "2.00")
        #expect(balances[key(Self.cafeComposed, Self.joseComposed)] == "7.00")
        #expect(balances[key(Self.cafeComposed, Self.joseDecomposed)] == "3.00")
        // Two trial-balance lines, one per tenant, never one merged line.
        #expect(try box.report("trial_balance.csv").rows.count == 2)
        #expect(try box.run(["verify", "--db", box.db]).status == 0)
    }

    @Test func verifyFindsAnEntryMovedToTheLookAlikeTenantOrUser() throws {
        // The tenant: only the byte-wise ownership check can see it (every sum still holds). The
        // user: an entry's users are its accounts', so k4's credit leg moved to the look-alike
        // sender's wallet (josé composed paying josé decomposed) is one account on both legs.
        let edits = [
            ("UPDATE transfers SET tenant = (SELECT id FROM tenants WHERE tenant_id = ?) WHERE idempotency_key = 'k4'",
             Self.cafeDecomposed, "entries_balanced"),
            ("""
             UPDATE transfers SET credit_account = (SELECT id FROM accounts WHERE CAST(user_id AS BLOB) = CAST(? AS BLOB))
             WHERE idempotency_key = 'k4'
             """, Self.joseComposed, "entries_balanced"),
        ]
        for (sql, value, check) in edits {
            let box = try Sandbox()
            try #require(try night(box).status == 0)
            var statement = sql.replacingOccurrences(of: "?", with: "'\(value)'")
            if box.backend == .postgresql {
                statement = statement.replacingOccurrences(of: "CAST(user_id AS BLOB)", with: "convert_to(user_id, 'UTF8')")
                    .replacingOccurrences(of: "CAST('\(value)' AS BLOB)", with: "convert_to('\(value)', 'UTF8')")
            }
            try box.tamper(statement)
            let verify = try box.run(["verify", "--db", box.db])
            #expect(verify.status == 1, "\(check): \(verify)")
            #expect(verify.stdout.contains(check), "\(check): \(verify)")
        }
    }
}
