import Foundation
import Testing

/// Scenario 9: text copied from input that starts with `=`, `+`, `-`, `@`, tab or CR is prefixed
/// with `'` in CSV reports; JSON keeps the raw text (SPEC §5).
struct FormulaInjectionTests {
    static let tenants = "tenant_id,name,transfer_enabled,points_type,exchange_rate,currency\ntnt_fx,=Formula Test,true,cash_equivalent,100,CNY\n"
    static let accounts = """
        tenant_id,user_id,kind,currency,balance,frozen_balance,status,application_id
        tnt_fx,@evil,wallet,CNY,100.00,0,active,=app
        tnt_fx,=victim,wallet,CNY,0,0,active,app
        tnt_fx,+plus,wallet,CNY,50.00,0,active,app
        tnt_fx,-minus,wallet,CNY,0,0,active,app

        """
    static let transfers = """
        kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id,requested_at
        wallet,tnt_fx,@evil,=victim,1.00,CNY,"=HYPERLINK(""x"")",=SUM(A1),,app,,2026-11-20T09:00:00Z
        wallet,tnt_fx,@evil,-minus,-5,CNY,+k2,+cmd,,app,,2026-11-20T09:01:00Z
        wallet,tnt_fx,+plus,-minus,2.50,CNY,@k3,+cmd,,app,-ref,2026-11-20T09:02:00Z
        =cmd,tnt_fx,@evil,=victim,1.00,CNY,-k4,x,,,,2026-11-20T09:03:00Z
        wallet,tnt_fx,@evil,=victim,=1+2,CNY,=k5,,,,,2026-11-20T09:04:00Z
        wallet,tnt_fx,@evil,=victim,1.00,CNY,,@desc,,,,2026-11-20T09:05:00Z

        """
    /// A transfers file whose own name starts with `@` (it is copied into results.csv's `file`).
    static let transfersFile = "@night.csv"
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    func runFormulaNight(_ box: Sandbox) throws -> BinaryOutcome {
        try box.write("fx-tenants.csv", Self.tenants)
        try box.write("fx-accounts.csv", Self.accounts)
        try box.write(Self.transfersFile, Self.transfers)
        return try box.runNight(tenants: "fx-tenants.csv", accounts: ["fx-accounts.csv"], transfers: [Self.transfersFile],
                                expected: nil)
    }

    @Test func csvReportsNeutraliseFormulaLikeText() throws {
        let box = try Sandbox()
        let outcome = try runFormulaNight(box)
        #expect(outcome.status == 0, "\(outcome)")

        let results = try box.report("results.csv")
        try #require(results.rows.count == 6, "\(results)")
        let rows = results.records
        #expect(rows.map { $0["status"] } == ["applied", "rejected", "applied", "rejected", "rejected", "applied"])
        #expect(rows.allSatisfy { $0["file"] == "'@night.csv" })

        #expect(rows[0]["idempotency_key"] == "'=HYPERLINK(\"x\")")
        #expect(rows[0]["from_user_id"] == "'@evil")
        #expect(rows[0]["to_user_id"] == "'=victim")
        #expect(rows[1]["amount"] == "'-5")
        #expect(rows[1]["code"] == "invalid_amount")
        #expect(rows[1]["idempotency_key"] == "'+k2")
        #expect(rows[1]["to_user_id"] == "'-minus")
        #expect(rows[2]["from_user_id"] == "'+plus")
        #expect(rows[2]["idempotency_key"] == "'@k3")
        #expect(rows[2]["amount"] == "2.50")
        #expect(rows[3]["kind"] == "'=cmd")
        #expect(rows[3]["code"] == "invalid_request")
        #expect(rows[3]["idempotency_key"] == "'-k4")
        #expect(rows[4]["amount"] == "'=1+2")
        #expect(rows[4]["idempotency_key"] == "'=k5")
        #expect(rows[4]["code"] == "invalid_amount")

        // No cell of results.csv or balances.csv may start a formula (no amount here is negative).
        for name in ["results.csv", "balances.csv"] {
            for row in try box.report(name).rows {
                for cell in row {
                    #expect(cell.first.map { !Self.formulaStarts.contains($0) } ?? true, "\(name) cell \(cell.debugDescription)")
                }
            }
        }
        let balances = try box.report("balances.csv")
        #expect(Set(try balances.column("user_id")) == ["'@evil", "'=victim", "'+plus", "'-minus"])
        let closing = Dictionary(uniqueKeysWithValues: balances.records.map { ($0["user_id"]!, $0["closing_balance"]!) })
        #expect(closing == ["'@evil": "98.00", "'=victim": "2.00", "'+plus": "47.50", "'-minus": "2.50"])
    }

    @Test func jsonKeepsTheRawText() throws {
        let box = try Sandbox()
        let outcome = try runFormulaNight(box)
        #expect(outcome.status == 0, "\(outcome)")

        let victim = try transactions(box, user: "=victim")
        let fromEvil = try #require(victim.first { $0["description"] as? String == "=SUM(A1)" },
                                    "the applied transfer's description reads back exactly: \(victim)")
        #expect(fromEvil["counterparty_id"] as? String == "@evil")
        #expect(fromEvil["type"] as? String == "transfer_in")
        #expect(victim.contains { $0["description"] as? String == "@desc" })

        let minus = try transactions(box, user: "-minus")
        let fromPlus = try #require(minus.first { $0["counterparty_id"] as? String == "+plus" }, "\(minus)")
        #expect(fromPlus["description"] as? String == "+cmd")
        #expect(fromPlus["reference_id"] as? String == "-ref")

        let accounts = try box.run(["accounts", "--db", box.db, "--tenant", "tnt_fx", "--user", "@evil"])
        #expect(accounts.status == 0, "\(accounts)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(accounts.stdout.utf8)) as? [String: Any])
        let wallets = try #require((json["data"] as? [String: Any])?["wallets"] as? [[String: Any]])
        #expect(wallets.first?["user_id"] as? String == "@evil")
        #expect(wallets.first?["application_id"] as? String == "=app")

        // summary.json: the input path as given.
        let summary = try box.summary()
        let inputs = try #require(summary.json["inputs"] as? [[String: Any]])
        #expect(inputs.contains { $0["path"] as? String == Self.transfersFile })
    }

    /// `transactions --kind wallet` items for a user of tnt_fx (`--user=` so a leading `-` is a value).
    func transactions(_ box: Sandbox, user: String) throws -> [[String: Any]] {
        let outcome = try box.run(["transactions", "--db", box.db, "--tenant", "tnt_fx", "--user=\(user)", "--kind", "wallet"])
        #expect(outcome.status == 0, "\(outcome)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        return try #require(json["items"] as? [[String: Any]])
    }
}
