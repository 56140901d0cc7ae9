import Foundation
import Testing

/// Re-loading tenants and accounts files on a later night (SPEC §2 tenants, §3 accounts): a file
/// changes only what it states, a tenant with accounts keeps its currency and points type, one
/// points account per user, and a reduced accounts file raises no false breaks.
struct TenantReloadTests {
    /// The sample night, run once; returns the sandbox and the ledger's state after it.
    func firstNight() throws -> (Sandbox, LedgerState) {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight()
        try #require(outcome.status == 0, "\(outcome)")
        return (box, try box.ledgerState())
    }

    @Test func aReducedTenantsFileMintsNothing() throws {
        let (box, before) = try firstNight()
        // Required columns only: points_type, exchange_rate and currency are not stated, so they stay.
        try box.write("tenants-reduced.csv", """
            tenant_id,name,transfer_enabled
            tnt_sh_tea,上海茶饮连锁,true
            tnt_tokyo_books,"Tokyo Books, Inc.",yes
            tnt_beta_club,Beta Club,false

            """)
        let outcome = try box.runNight(tenants: "tenants-reduced.csv", transfers: [])
        #expect(outcome.status == 0, "\(outcome)\n\(box.breaksText)")
        let after = try box.ledgerState()
        #expect(after.tenants == before.tenants, "book_points / JPY / rate 1 stay")
        #expect(after.accounts == before.accounts, "no new accounts, every balance as it was")
        #expect(after.entries == before.entries && after.postings == before.postings, "no new money")
        #expect(try box.summary().failedChecks.isEmpty)
    }

    @Test func anEmptyOptionalValueKeepsTheSettingAndAStatedOneChangesIt() throws {
        let (box, _) = try firstNight()
        try box.write("tenants-edit.csv", """
            tenant_id,name,transfer_enabled,points_type,exchange_rate,currency
            tnt_tokyo_books,Tokyo Books,no,,2,

            """)
        let outcome = try box.runNight(tenants: "tenants-edit.csv", transfers: [])
        #expect(outcome.status == 0, "\(outcome)\n\(box.breaksText)")
        let tokyo = try box.ledgerState().tenants.first { $0.hasPrefix("tnt_tokyo_books|") }
        #expect(tokyo == "tnt_tokyo_books|Tokyo Books|0|book_points|2|JPY")
    }

    @Test func aTenantWithAccountsKeepsItsCurrencyAndPointsType() throws {
        let (box, before) = try firstNight()
        try box.write("tenants-changed.csv", """
            tenant_id,name,transfer_enabled,points_type,exchange_rate,currency
            tnt_tokyo_books,Tokyo Books,yes,stars,5,USD

            """)
        let outcome = try box.runNight(tenants: "tenants-changed.csv", transfers: [])
        #expect(outcome.status == 1, "\(outcome)")
        #expect(try box.summary().failedChecks == ["inputs_valid"], "\(box.breaksText)")
        let breaks = try box.report("breaks.csv").records
        let details = breaks.compactMap { $0["detail"] }.sorted()
        #expect(details.count == 2, "\(details)")
        #expect(details.first?.hasPrefix("tenants-changed.csv:2: currency:") == true, "\(details)")
        #expect(details.first.map { $0.contains("'JPY'") && $0.contains("'USD'") } == true, "\(details)")
        #expect(details.last?.hasPrefix("tenants-changed.csv:2: points_type:") == true, "\(details)")
        #expect(details.last.map { $0.contains("'book_points'") && $0.contains("'stars'") } == true, "\(details)")
        let after = try box.ledgerState()
        // The stored currency and points type stay; the rest of the row (name, rate) applies.
        #expect(after.tenants.first { $0.hasPrefix("tnt_tokyo_books|") } == "tnt_tokyo_books|Tokyo Books|1|book_points|5|JPY")
        #expect(after.accounts == before.accounts && after.entries == before.entries)
    }

    @Test func aReducedAccountsFileRaisesNoFalseBreaks() throws {
        let (box, before) = try firstNight()
        // Only the required columns: status, frozen balance, application id, counters and the
        // wallet currency are not stated, so they are not compared (wallets resolve to the user's one wallet).
        let full = try CSVTable(contentsOf: box.url("accounts.csv"))
        var reduced = full
        for column in ["currency", "frozen_balance", "status", "application_id", "total_earned", "total_spent", "expired_points"] {
            reduced = try reduced.dropping(column)
        }
        try box.write("accounts-reduced.csv", reduced.csvText)
        let outcome = try box.runNight(accounts: ["accounts-reduced.csv"], transfers: [])
        #expect(outcome.status == 0, "\(outcome)\n\(box.breaksText)")
        let after = try box.ledgerState()
        #expect(after.accounts == before.accounts && after.entries == before.entries)
    }

    @Test func aSecondPointsRowForAUserNeverOpensASecondPointsAccount() throws {
        let (box, before) = try firstNight()
        // The same user's points twice in one file, the second with other numbers: one account, one break.
        try box.write("accounts-twice.csv", """
            tenant_id,user_id,kind,balance
            tnt_sh_tea,usr_new,points,10
            tnt_sh_tea,usr_new,points,20
            tnt_sh_tea,usr_li_wei,points,5000

            """)
        let outcome = try box.runNight(accounts: ["accounts-twice.csv"], transfers: [], expected: nil)
        #expect(outcome.status == 1, "\(outcome)")
        #expect(try box.count("SELECT COUNT(*) FROM accounts WHERE user_id = 'usr_new' AND kind = 'points'") == 1)
        #expect(try box.count("SELECT COUNT(*) FROM accounts WHERE user_id = 'usr_li_wei' AND kind = 'points'") == 1)
        #expect(try box.ledgerState().accounts.count == before.accounts.count + 1)
        let breaks = try box.report("breaks.csv").records
        #expect(breaks.map { $0["check"] } == ["snapshot_matches"], "\(box.breaksText)")
    }

    /// SPEC §5: expected = the file's value, actual = the state the account was opened with,
    /// difference = actual − expected; another field than the balance is named in the detail.
    @Test func snapshotBreaksShowTheFileAsExpectedAndTheOpenedStateAsActual() throws {
        let (box, _) = try firstNight()
        let accounts = try box.read("accounts.csv")
            .replacingOccurrences(of: "tnt_sh_tea,usr_li_wei,wallet,CNY,1500.00,", with: "tnt_sh_tea,usr_li_wei,wallet,CNY,1600.00,")
            .replacingOccurrences(of: "tnt_sh_tea,usr_wang_fang,wallet,CNY,88.80,0,active,",
                                  with: "tnt_sh_tea,usr_wang_fang,wallet,CNY,88.80,0,frozen,")
        try box.write("accounts-changed.csv", accounts)
        let outcome = try box.runNight(accounts: ["accounts-changed.csv"], transfers: [], expected: nil)
        #expect(outcome.status == 1, "\(outcome)")
        let breaks = try box.report("breaks.csv").records.filter { $0["check"] == "snapshot_matches" }
        try #require(breaks.count == 2, "\(box.breaksText)")
        let balance = try #require(breaks.first { $0["user_id"] == "usr_li_wei" })
        #expect(balance["expected"] == "1600.00" && balance["actual"] == "1500.00" && balance["difference"] == "-100.00")
        #expect(balance["detail"]?.contains("balance: opened with 1500.00") == true)
        let status = try #require(breaks.first { $0["user_id"] == "usr_wang_fang" })
        #expect(status["expected"] == "" && status["actual"] == "" && status["difference"] == "", "not the balance: \(status)")
        #expect(status["detail"]?.contains("status: opened with active") == true && status["detail"]?.contains("file says frozen") == true)
    }
}
