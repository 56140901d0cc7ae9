import Foundation
import Testing

/// A tenants or accounts row that cannot be loaded is an `inputs_valid` break (SPEC §3): the run
/// goes on with the other rows, exits 1, and breaks.csv names file, line and field.
struct InputsValidTests {
    @Test func unloadableRowsAreBreaksThatNameFileLineAndField() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("tenants-bad.csv", try box.read("tenants.csv") + "tnt_typo,Typo Co,perhaps,,,\n")
        try box.write("accounts-bad.csv", try box.read("accounts.csv")
            + "tnt_sh_tea,usr_new,wallet,CNY,\"1,000.00\",0,active,app_tea_pos,,,\n"
            + "tnt_nowhere,usr_x,wallet,CNY,1.00,0,active,,,,\n")
        let outcome = try box.runNight(tenants: "tenants-bad.csv", accounts: ["accounts-bad.csv"])
        #expect(outcome.status == 1, "\(outcome)")

        let summary = try box.summary()
        #expect(summary.failedChecks == ["inputs_valid"], "the rest of the night balances")
        #expect(summary.checks["inputs_valid"]?.violations == 3)
        #expect(summary.applied == 8, "good rows were loaded and the transfers applied")

        let details = try box.report("breaks.csv").column("detail")
        #expect(details.contains { $0.hasPrefix("tenants-bad.csv:5: transfer_enabled: 'perhaps'") }, "\(details)")
        #expect(details.contains { $0.hasPrefix("accounts-bad.csv:17: balance: amount '1,000.00'") }, "\(details)")
        #expect(details.contains { $0.hasPrefix("accounts-bad.csv:18: tenant_id: unknown tenant 'tnt_nowhere'") }, "\(details)")
        #expect(try box.count("SELECT COUNT(*) FROM accounts WHERE user_id = 'usr_new'") == 0, "a bad row opens nothing")
    }

    /// The accounts files are read on a thread of their own, a batch ahead of the engine: with
    /// batches of two rows and bad rows between them, over three files, every bad row is still one
    /// break naming its file and line, and every good row is opened once.
    @Test func badAccountsRowsAcrossSmallBatchesAndFilesAreEachOneBreak() throws {
        let box = try Sandbox()
        try box.copySamples()
        let header = "tenant_id,user_id,kind,currency,balance,frozen_balance,status,application_id,total_earned,total_spent,expired_points\n"
        var first = header, second = header
        for number in 1...7 {
            first += "tnt_sh_tea,usr_batch\(number),wallet,CNY,\(number).00,0,active,app_tea_pos,,,\n"
            if number % 3 == 0 { first += "tnt_sh_tea,usr_bad\(number),wallet,CNY,x\(number),0,active,app_tea_pos,,,\n" }
        }
        second += "tnt_nowhere,usr_y,wallet,CNY,1.00,0,active,,,,\n"
        second += "tnt_sh_tea,usr_batch8,wallet,CNY,8.00,0,active,app_tea_pos,,,\n"
        try box.write("accounts-first.csv", first)
        try box.write("accounts-second.csv", second)
        let outcome = try box.runNight(accounts: ["accounts.csv", "accounts-first.csv", "accounts-second.csv"],
                                       extra: ["--batch-size", "2"])
        #expect(outcome.status == 1, "\(outcome)")
        let details = try box.report("breaks.csv").column("detail").filter { $0.hasPrefix("accounts-") }
        let places = details.map { String($0.prefix { $0 != ":" }) + ":" + String($0.split(separator: ":")[1]) }
        // breaks.csv is in report order (by tenant), not file order.
        #expect(places.sorted() == ["accounts-first.csv:5", "accounts-first.csv:9", "accounts-second.csv:2"], "\(details)")
        #expect(try box.count("SELECT COUNT(*) FROM accounts WHERE user_id LIKE 'usr_batch%'") == 8)
        #expect(try box.count("SELECT COUNT(*) FROM accounts WHERE user_id LIKE 'usr_bad%' OR user_id = 'usr_y'") == 0)
        let summary = try box.summary()
        #expect(summary.checks["inputs_valid"]?.violations == 3)
    }
}
