import Foundation
import Testing

/// SPEC §5: the full-width forms `＝＋－＠` and formulas behind invisible characters (zero-width
/// space, BOM) are neutralised in CSV reports too — a Chinese or Japanese spreadsheet reads them
/// as formulas; JSON keeps the raw text.
struct WideFormulaTests {
    static let accounts = """
        tenant_id,user_id,kind,currency,balance,frozen_balance,status
        tnt_sh_tea,＝HYPERLINK("http://x"),wallet,CNY,10.00,0,active
        tnt_sh_tea,\u{200B}=cmd,wallet,CNY,0,0,active

        """
    static let transfers = """
        kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key
        wallet,tnt_sh_tea,"＝HYPERLINK(""http://x"")",\u{200B}=cmd,1.00,CNY,＠key
        wallet,tnt_sh_tea,"＝HYPERLINK(""http://x"")",\u{FEFF}\u{200B}+nobody,1.00,CNY,－key

        """

    @Test func fullWidthAndHiddenFormulasAreNeutralisedInCSVButRawInJSON() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("wide-accounts.csv", Self.accounts)
        try box.write("wide-transfers.csv", Self.transfers)
        let outcome = try box.runNight(accounts: ["accounts.csv", "wide-accounts.csv"], transfers: ["wide-transfers.csv"], expected: nil)
        #expect(outcome.status == 0, "\(outcome)")

        let results = try box.report("results.csv").records
        try #require(results.count == 2, "\(results)")
        #expect(results[0]["status"] == "applied")
        #expect(results[0]["from_user_id"] == "'＝HYPERLINK(\"http://x\")")
        #expect(results[0]["to_user_id"] == "'\u{200B}=cmd")
        #expect(results[0]["idempotency_key"] == "'＠key")
        #expect(results[1]["code"] == "not_found")
        #expect(results[1]["to_user_id"] == "'\u{FEFF}\u{200B}+nobody")
        #expect(results[1]["idempotency_key"] == "'－key")
        let users = try box.report("balances.csv").column("user_id")
        #expect(users.contains("'＝HYPERLINK(\"http://x\")") && users.contains("'\u{200B}=cmd"), "\(users)")

        let accounts = try box.run(["accounts", "--db", box.db, "--tenant", "tnt_sh_tea", "--user", "\u{200B}=cmd"])
        #expect(accounts.status == 0, "\(accounts)")
        #expect(accounts.stdout.contains("\"user_id\" : \"\u{200B}=cmd\"") || accounts.stdout.contains("\"user_id\":\"\u{200B}=cmd\""),
                "JSON keeps the raw id: \(accounts.stdout)")
    }
}
