import Foundation
import Testing

/// SPEC §3 accounts `opened_at` (issue 9): a historical import's opening records are dated when
/// the accounts were opened, so they come before the imported transfers in `transactions`.
struct OpenedAtTests {
    static let tenants = "tenant_id,name,transfer_enabled,currency\ntnt_hist,History,true,CNY\n"
    static let accounts = """
        tenant_id,user_id,kind,currency,balance,opened_at
        tnt_hist,usr_1,wallet,CNY,100.00,2019-01-01T08:00:00+08:00
        tnt_hist,usr_2,wallet,CNY,0.00,2019-01-01T00:00:00Z

        """
    static let transfers = """
        kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,requested_at
        wallet,tnt_hist,usr_1,usr_2,10.00,CNY,h-1,2019-03-01T10:00:00Z
        wallet,tnt_hist,usr_1,usr_2,5.00,CNY,h-2,2019-04-01T10:00:00Z

        """

    @Test func aHistoricalImportListsTheOpeningRecordOldest() throws {
        let box = try Sandbox()
        try box.write("tenants.csv", Self.tenants)
        try box.write("accounts.csv", Self.accounts)
        try box.write("transfers.csv", Self.transfers)
        let night = try box.runNight(expected: nil)
        #expect(night.status == 0, "\(night)")

        let listing = try box.run(["transactions", "--db", box.db, "--tenant", "tnt_hist", "--user", "usr_1", "--kind", "wallet"])
        #expect(listing.status == 0, "\(listing)")
        let object = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [String: Any]
        let items = try #require(object?["items"] as? [[String: Any]], "\(listing)")
        #expect(items.map { $0["type"] as? String } == ["transfer_out", "transfer_out", "deposit"], "newest first: \(items)")
        #expect(items.last?["created_at"] as? String == "2019-01-01T00:00:00Z", "\(items)")

        // opened_at is when the account was opened, not part of its state: the same file again is harmless.
        let again = try box.runNight(transfers: [], expected: nil)
        #expect(again.status == 0, "\(again)\n\(box.breaksText)")
    }

    @Test func aBadOpenedAtIsAnInputsValidBreakNamingTheLineAndField() throws {
        let box = try Sandbox()
        try box.write("tenants.csv", Self.tenants)
        try box.write("accounts.csv", "tenant_id,user_id,kind,currency,balance,opened_at\ntnt_hist,usr_1,wallet,CNY,1.00,yesterday\n")
        let night = try box.runNight(transfers: [], expected: nil)
        #expect(night.status == 1, "\(night)")
        let breaks = try box.report("breaks.csv").records
        #expect(breaks.count == 1 && breaks.first?["check"] == "inputs_valid", "\(box.breaksText)")
        let detail = breaks.first?["detail"] ?? ""
        #expect(detail.contains("accounts.csv:2") && detail.contains("opened_at") && detail.contains("yesterday"), "\(detail)")
        #expect(try box.count("SELECT COUNT(*) FROM accounts WHERE NOT is_system") == 0)
    }
}
