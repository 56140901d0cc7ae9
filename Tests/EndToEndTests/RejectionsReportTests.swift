import Foundation
import Testing

/// SPEC §5: results.csv ends with the input row's `description, reason, source, reference_id`, and
/// rejections.csv holds exactly its rejected rows, so finance can match a rejection to its order
/// without the input file.
struct RejectionsReportTests {
    /// Every kind of rejection (stateless, ledger-decided, damaged record) in one file, with the
    /// four text columns filled in.
    static let transfers = """
        kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id
        wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,rj-1,奶茶 order,thanks,pos,order_1
        wallet,tnt_sh_tea,usr_zhang_min,usr_li_wei,900.00,CNY,rj-2,"refund, partial",,app,order_2
        wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.000,CNY,rj-3,=HYPERLINK("http://x"),+why,@src,-ref
        points,tnt_sh_tea,usr_li_wei,usr_wang_fang,5,,rj-4,=SUM(A1:A9),,app,order_4
        wallet,tnt_sh_tea,usr_li_wei,usr_nobody,1.00,CNY,rj-5,ghost,,app,order_5
        wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,2.00,CNY,rj-6,short row
        points,tnt_sh_tea,usr_wang_fang,usr_li_wei,10,,rj-7,"积分, 返还",生日,app,order_7

        """

    @Test func rejectionsEqualTheRejectedRowsOfResults() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("mixed.csv", Self.transfers)
        let outcome = try box.runNight(transfers: ["mixed.csv"], expected: nil)
        #expect(outcome.status == 0, "\(outcome)")

        let results = try box.report("results.csv")
        let rejections = try box.report("rejections.csv")
        #expect(rejections.header == results.header)
        let status = try results.index(of: "status")
        #expect(rejections.rows == results.rows.filter { $0[status] == "rejected" })
        #expect(try results.column("status") == ["applied", "rejected", "rejected", "applied", "rejected", "rejected", "applied"])
        #expect(try rejections.column("code") == ["insufficient_balance", "invalid_amount", "not_found", "invalid_request"])
        #expect(try box.summary().rejected == rejections.rows.count)
    }

    @Test func theLastFourColumnsCarryTheRowsTextFormulaGuarded() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("mixed.csv", Self.transfers)
        try #require(try box.runNight(transfers: ["mixed.csv"], expected: nil).status == 0)

        let header = try box.report("results.csv").header
        #expect(Array(header.suffix(5)) == ["requested_at", "description", "reason", "source", "reference_id"])
        let rows = try box.report("results.csv").records
        func text(_ row: [String: String]) -> [String?] {
            [row["description"], row["reason"], row["source"], row["reference_id"]]
        }
        #expect(text(rows[0]) == ["奶茶 order", "thanks", "pos", "order_1"])
        #expect(text(rows[1]) == ["refund, partial", "", "app", "order_2"])
        // An invalid row's text, and a valid (applied) row's, are both guarded against formulas.
        #expect(text(rows[2]) == ["'=HYPERLINK(\"http://x\")", "'+why", "'@src", "'-ref"])
        #expect(text(rows[3]) == ["'=SUM(A1:A9)", "", "app", "order_4"])
        #expect(text(rows[6]) == ["积分, 返还", "生日", "app", "order_7"])
        // A ragged row keeps what it had.
        #expect(text(rows[5]) == ["short row", "", "", ""])
        // rejections.csv carries the same guarded text.
        let rejected = try box.report("rejections.csv").records
        #expect(text(rejected[1]) == text(rows[2]))
    }

    @Test func aNightWithoutRejectionsWritesAHeaderOnlyRejectionsFile() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("clean.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key
            wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,clean-1

            """)
        try #require(try box.runNight(transfers: ["clean.csv"], expected: nil).status == 0)
        let rejections = try box.report("rejections.csv")
        #expect(rejections.rows.isEmpty)
        #expect(rejections.header == (try box.report("results.csv")).header)
    }

    /// A replayed night (the same file again) rejects the same rows again: rejections.csv lists
    /// them again, equal to the first night's but for the message naming the deciding run.
    @Test func aReplayedNightListsTheSameRejections() throws {
        let box = try Sandbox()
        let night = ContestedNight(seed: 11, rows: 1_500)
        try night.write(into: box)
        let arguments = night.arguments(box, batchSize: 200)
        try #require(try box.run(arguments).status == 0)
        let first = try box.report("rejections.csv")
        try #require(first.rows.count > 50, "the night must be contested")
        try #require(try box.run(arguments).status == 0)
        let second = try box.report("rejections.csv")
        #expect(try second.dropping("message") == first.dropping("message"))
        let status = try second.index(of: "status")
        #expect(second.rows == (try box.report("results.csv")).rows.filter { $0[status] == "rejected" })
    }
}
