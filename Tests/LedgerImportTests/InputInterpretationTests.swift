import LedgerCore
import LedgerImport
import Testing

/// Tenants, accounts and expected-balances rows as the job interprets them (SPEC §3): what loads,
/// and the one-line problem (file:line, field) of what does not — an `inputs_valid` break.
struct InputInterpretationTests {
    let origin = RowOrigin(file: "in.csv", line: 7)
    let tenants: TenantDirectory = ["t1": TenantConfig(tenantID: "t1", name: "One", transferEnabled: true, pointsType: "miles", exchangeRate: 50,
                                      currency: Currency(code: "USD")!)]

    func tenant(_ enabled: String, rate: String? = nil, currency: String? = nil, name: String = "One") -> TenantRow {
        TenantRow(tenantID: "t1", name: name, transferEnabled: enabled, exchangeRate: rate, currency: currency, origin: origin)
    }

    @Test(arguments: [("true", true), ("1", true), ("YES", true), ("false", false), ("0", false), ("No", false)])
    func transferEnabledSpellings(text: String, expected: Bool) throws {
        #expect(try tenant(text).config().transferEnabled == expected)
    }

    @Test func tenantDefaults() throws {
        let config = try tenant("true").config()
        #expect(config.pointsType == "cash_equivalent" && config.exchangeRate == 100 && config.currency.code == "CNY")
    }

    @Test(arguments: [
        (TenantRow(tenantID: "t1", name: "One", transferEnabled: "maybe"), "transfer_enabled: 'maybe' is not true/false"),
        (TenantRow(tenantID: "t1", name: "One", transferEnabled: "true", exchangeRate: "1.5"), "exchange_rate: '1.5' is not a positive whole number"),
        (TenantRow(tenantID: "t1", name: "One", transferEnabled: "true", exchangeRate: "0"), "exchange_rate: '0'"),
        (TenantRow(tenantID: "t1", name: "One", transferEnabled: "true", currency: "RMB"), "currency: unknown currency 'RMB'"),
        (TenantRow(tenantID: "t1", name: "", transferEnabled: "true"), "name: missing required value"),
        (TenantRow(tenantID: "", name: "One", transferEnabled: "true"), "tenant_id: missing required value"),
    ])
    func tenantProblemsNameLineAndField(row: TenantRow, message: String) {
        var row = row
        row.origin = origin
        #expect(throws: InputProblem.self) { try row.config() }
        do { _ = try row.config() } catch { #expect(error.description.hasPrefix("in.csv:7: " + message), "\(error)") }
    }

    func account(kind: String = "wallet", currency: String? = nil, balance: String = "10.00", frozen: String? = nil,
                 status: String? = nil, earned: String? = nil, spent: String? = nil, tenantID: String = "t1", userID: String = "u1") -> AccountRow {
        AccountRow(tenantID: tenantID, userID: userID, kind: kind, balance: balance, currency: currency, frozenBalance: frozen,
                   status: status, totalEarned: earned, totalSpent: spent, origin: origin)
    }

    @Test func walletsTakeTheTenantsCurrencyAndPointsItsType() throws {
        #expect(try account().snapshot(tenants: tenants).asset == Asset(currency: Currency(code: "USD")!))
        #expect(try account(currency: "JPY", balance: "500").snapshot(tenants: tenants).balance == 500)
        let points = try account(kind: "Points", balance: "300", status: "Frozen").snapshot(tenants: tenants)
        #expect(points.asset == Asset(pointsType: "miles") && points.status == .frozen && points.totalEarned == 300)
    }

    @Test(arguments: [
        (AccountRow(tenantID: "nope", userID: "u1", kind: "wallet", balance: "1"), "tenant_id: unknown tenant 'nope'"),
        (AccountRow(tenantID: "t1", userID: "", kind: "wallet", balance: "1"), "user_id: missing required value"),
        (AccountRow(tenantID: "t1", userID: "u1", kind: "cash", balance: "1"), "kind: unknown kind 'cash'"),
        (AccountRow(tenantID: "t1", userID: "u1", kind: "points", balance: "1", currency: "CNY"), "currency: points accounts take no currency"),
        (AccountRow(tenantID: "t1", userID: "u1", kind: "wallet", balance: "1,000.00"), "balance: amount '1,000.00' is not plain digits"),
        (AccountRow(tenantID: "t1", userID: "u1", kind: "wallet", balance: ""), "balance: missing required value"),
        (AccountRow(tenantID: "t1", userID: "u1", kind: "wallet", balance: "1.001"), "balance: amount '1.001' has more than 2 decimals"),
        (AccountRow(tenantID: "t1", userID: "u1", kind: "wallet", balance: "1", frozenBalance: "2"), "frozen_balance 2.00 exceeds balance 1.00"),
        (AccountRow(tenantID: "t1", userID: "u1", kind: "wallet", balance: "1", status: "banned"), "status: unknown status 'banned'"),
        (AccountRow(tenantID: "t1", userID: "u1", kind: "points", balance: "10", totalEarned: "5"), "total_earned 5 − total_spent 0"),
        (AccountRow(tenantID: "t1", userID: "u1", kind: "wallet", balance: "1", recordProblem: "record has 3 fields, header has 11"), "record has 3 fields"),
    ])
    func accountProblemsNameLineAndField(row: AccountRow, message: String) {
        var row = row
        row.origin = origin
        do {
            _ = try row.snapshot(tenants: tenants)
            Issue.record("expected a problem: \(message)")
        } catch {
            #expect(error.description.hasPrefix("in.csv:7: " + message), "\(error)")
        }
    }

    @Test func expectedBalancesCompareFrozenOnlyWhenGiven() throws {
        let plain = ExpectedBalanceRow(tenantID: "t1", userID: "u1", kind: "wallet", balance: "12.30", origin: origin)
        #expect(try plain.expected(tenants: tenants).balance == 1230)
        #expect(try plain.expected(tenants: tenants).frozenBalance == nil)
        let withFrozen = ExpectedBalanceRow(tenantID: "t1", userID: "u1", kind: "points", balance: "5", frozenBalance: "1", origin: origin)
        #expect(try withFrozen.expected(tenants: tenants).frozenBalance == 1)
        let bad = ExpectedBalanceRow(tenantID: "t1", userID: "u1", kind: "wallet", balance: "1e3", origin: origin)
        #expect(throws: InputProblem.self) { try bad.expected(tenants: tenants) }
    }
}
