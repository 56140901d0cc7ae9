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
}
