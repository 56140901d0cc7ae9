import Foundation

/// A generated night that holds every asset the ledger supports and the ids an export finds
/// hardest to name: wallets in all eight currencies (0, 2 and 3 decimals), points of three tenants
/// (one points type too long for a Beancount commodity), Int64-sized amounts, users whose ids
/// differ only in Unicode normalisation, ids with spaces, colons, quotes, commas, `%` and Chinese,
/// descriptions with `;`, quotes, backslashes and line breaks, a transfer dated before the
/// accounts were opened and one in year 0000. Every transfer applies.
enum EveryAssetNight {
    /// A tenant id with a colon, a space and an accent: it must survive both tools' name rules.
    static let oddTenant = "tnt:café 2"
    static let composed = "jos\u{E9}"
    static let decomposed = "jose\u{301}"
    static let transferRows = 17

    static func write(into box: Sandbox) throws {
        try box.write("tenants.csv", csv([
            ["tenant_id", "name", "transfer_enabled", "points_type", "exchange_rate", "currency"],
            ["tnt_multi", "Multi; \"Currency\"\nCo ; 2026-01-01 open Assets:Injected", "true", "cash_equivalent", "100", "CNY"],
            [oddTenant, "Café Deux", "true", "Gold.1", "10", "EUR"],
            ["tnt_long", "长名积分", "true", "loyalty_program_points_type_x", "1", "JPY"],
        ]))
        var accounts: [[String]] = [["tenant_id", "user_id", "kind", "currency", "balance", "frozen_balance", "status"]]
        func wallet(_ tenant: String, _ user: String, _ currency: String, _ balance: String) {
            accounts.append([tenant, user, "wallet", currency, balance, "0", "active"])
        }
        func points(_ tenant: String, _ user: String, _ balance: String) {
            accounts.append([tenant, user, "points", "", balance, "0", "active"])
        }
        // Near the largest CNY balance there is (all CNY openings of the tenant must fit in 64 bits), and the largest KRW amount.
        wallet("tnt_multi", "usr_1", "CNY", "92233720368547000.07")
        wallet("tnt_multi", "usr_1", "USD", "100.00")
        wallet("tnt_multi", "usr_1", "EUR", "0.01")
        wallet("tnt_multi", "usr_1", "HKD", "50.00")
        wallet("tnt_multi", "usr_1", "JPY", "1000")
        wallet("tnt_multi", "usr_1", "KRW", "9223372036854775807")
        wallet("tnt_multi", "usr_1", "BHD", "1.234")
        wallet("tnt_multi", "usr_1", "KWD", "0.005")
        points("tnt_multi", "usr_1", "500")
        wallet("tnt_multi", composed, "CNY", "10.00")
        wallet("tnt_multi", composed, "BHD", "0.500")
        points("tnt_multi", composed, "10")
        wallet("tnt_multi", decomposed, "CNY", "20.00")
        wallet("tnt_multi", decomposed, "BHD", "0.250")
        points("tnt_multi", decomposed, "20")
        wallet("tnt_multi", "a  b", "CNY", "0")  // never moves: in balances.csv, in no tool report
        wallet("tnt_multi", "a  b", "JPY", "5")
        wallet("tnt_multi", "x:y", "USD", "1.00")
        wallet("tnt_multi", "x:y", "KWD", "0")
        wallet("tnt_multi", "用户甲", "CNY", "5.55")
        wallet("tnt_multi", "用户甲", "EUR", "0")
        points("tnt_multi", "用户甲", "1000")
        wallet("tnt_multi", "q\"uote,1", "KRW", "0")
        points("tnt_multi", "q\"uote,1", "0")
        wallet("tnt_multi", "pct%41", "CNY", "1.00")
        wallet("tnt_multi", "pct%41", "HKD", "0")
        wallet(oddTenant, "u1", "EUR", "10.00")
        wallet(oddTenant, "u2", "EUR", "0")
        points(oddTenant, "u1", "100")
        points(oddTenant, "u2", "0")
        wallet("tnt_long", "u1", "JPY", "100")
        wallet("tnt_long", "9lives", "JPY", "0")
        points("tnt_long", "u1", "77")
        points("tnt_long", "9lives", "0")
        try box.write("accounts.csv", csv(accounts))

        var transfers: [[String]] = [["kind", "tenant_id", "from_user_id", "to_user_id", "amount", "currency", "idempotency_key",
                                      "description", "requested_at"]]
        func transfer(_ kind: String, _ tenant: String, _ from: String, _ to: String, _ amount: String, _ currency: String,
                      key: String, description: String, at time: String = "2026-11-20T10:00:00Z") {
            transfers.append([kind, tenant, from, to, amount, currency, key, description, time])
        }
        transfer("wallet", "tnt_multi", "usr_1", composed, "0.01", "CNY", key: "k,1 with space", description: "a;b \"c\" \\d")
        // Beyond 2^53 minor units: a tool reading amounts as binary floating point would be off.
        transfer("wallet", "tnt_multi", "usr_1", decomposed, "90071992547409.93", "CNY", key: "k2", description: "*starts with a star")
        transfer("wallet", "tnt_multi", "usr_1", "x:y", "99.99", "USD", key: "", description: "(paren) 100%")
        transfer("wallet", "tnt_multi", "usr_1", composed, "1.233", "BHD", key: "k4", description: "三位小数")
        transfer("wallet", "tnt_multi", "usr_1", "a  b", "999", "JPY", key: "k5", description: "")
        transfer("wallet", "tnt_multi", "usr_1", "q\"uote,1", "9223372036854775807", "KRW", key: "kmax", description: "all of it")
        transfer("wallet", "tnt_multi", "usr_1", "x:y", "0.005", "KWD", key: "k7", description: "!bang")
        transfer("wallet", "tnt_multi", "usr_1", "pct%41", "49.99", "HKD", key: "%41", description: "percent %41 key")
        transfer("wallet", "tnt_multi", "usr_1", "用户甲", "0.01", "EUR", key: "k9", description: "tab\there")
        // Dated before the accounts were opened (a historical import): Beancount's `open` must precede it.
        transfer("points", "tnt_multi", "usr_1", "用户甲", "100", "", key: "k10", description: "line one\nline two",
                 at: "1999-12-31T23:59:59Z")
        transfer("points", "tnt_multi", composed, decomposed, "5", "", key: "k11", description: "same-looking users")
        // Year 0000 is RFC 3339, and Beancount's dates start at year 1.
        transfer("wallet", "tnt_multi", "usr_1", "x:y", "0.01", "USD", key: "k0000", description: "year zero", at: "0000-03-01T00:00:00Z")
        transfer("points", "tnt_multi", decomposed, "q\"uote,1", "25", "", key: "", description: "keyless")
        transfer("points", oddTenant, "u1", "u2", "40", "", key: "ok;2", description: "Gold")
        transfer("wallet", oddTenant, "u1", "u2", "9.99", "EUR", key: "ok3", description: "café")
        transfer("points", "tnt_long", "u1", "9lives", "77", "", key: "l1", description: "long points type")
        transfer("wallet", "tnt_long", "u1", "9lives", "100", "JPY", key: "l2", description: "円")
        precondition(transfers.count - 1 == transferRows)
        try box.write("transfers.csv", csv(transfers))
    }

    /// RFC 4180 text, quoting the fields that need it.
    static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map(CSVTable.quoted).joined(separator: ",") + "\n" }.joined()
    }
}
