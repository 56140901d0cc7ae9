import Foundation
import Testing

/// report.html (SPEC §5): one self-contained, well-formed page whose figures are summary.json's
/// and whose input text is always escaped.
struct ReportHTMLTests {
    static let hostile = "<script>alert(1)</script>"

    /// A night whose tenant name, user id and description are markup, with a rejected row and a
    /// break naming the hostile user.
    func runHostileNight(_ box: Sandbox, extra: [String] = []) throws -> BinaryOutcome {
        try box.write("h-tenants.csv", """
            tenant_id,name,transfer_enabled,points_type,exchange_rate,currency
            tnt_x,\(Self.hostile),true,cash_equivalent,100,CNY

            """)
        try box.write("h-accounts.csv", """
            tenant_id,user_id,kind,currency,balance,frozen_balance,status,application_id
            tnt_x,\(Self.hostile),wallet,CNY,10.00,0,active,app
            tnt_x,usr_b,wallet,CNY,0,0,active,app

            """)
        try box.write("h-transfers.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id,requested_at
            wallet,tnt_x,\(Self.hostile),usr_b,1.00,CNY,k1,\(Self.hostile),,app,ord_1,2026-11-20T09:00:00Z
            wallet,tnt_x,\(Self.hostile),usr_b,500.00,CNY,k2,\(Self.hostile),,app,\"\"\"><img src=x onerror=alert(2)>\",2026-11-20T09:01:00Z

            """)
        try box.write("h-expected.csv", """
            tenant_id,user_id,kind,currency,balance,frozen_balance
            tnt_x,\(Self.hostile),wallet,CNY,8.00,0
            tnt_x,usr_b,wallet,CNY,1.00,0

            """)
        return try box.runNight(tenants: "h-tenants.csv", accounts: ["h-accounts.csv"], transfers: ["h-transfers.csv"],
                                expected: "h-expected.csv", extra: extra)
    }

    /// What every report.html must be: parsed as XML, no script, nothing fetched from outside.
    static func expectSelfContained(_ page: HTMLPage) {
        #expect(page.root.name == "html")
        #expect(page.elements.filter { $0.name == "script" || $0.name == "iframe" || $0.name == "link" || $0.name == "img" }.isEmpty)
        let references = page.elements.flatMap { element in
            element.attributes.filter { ["src", "href", "xlink:href", "action", "srcset"].contains($0.key) || $0.key.hasPrefix("on") }
        }
        #expect(references.isEmpty, "no reference to anything outside the file: \(references)")
        // The ledger's name is text on the page: a PostgreSQL one is a `postgresql://` URL, no reference.
        let text = page.raw.lowercased().replacingOccurrences(of: "postgresql://", with: "")
        for outside in ["http:", "https:", "//", "url(", "@import", "<script"] {
            #expect(!text.contains(outside), "the page holds \(outside)")
        }
    }

    @Test func sampleNightPageAgreesWithSummary() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight()
        #expect(outcome.status == 0, "\(outcome)")
        let page = try HTMLPage(contentsOf: box.latest.appendingPathComponent("report.html"))
        let summary = try box.summary()
        Self.expectSelfContained(page)

        #expect(page.element(id: "outcome")?.attributes["data-exit-code"] == "0")
        #expect(page.element(id: "outcome")?.text.contains("the books balance") == true)
        let figures = ["count-read": summary.read, "count-applied": summary.applied, "count-duplicate": summary.duplicate,
                       "count-rejected": summary.rejected]
        for (id, expected) in figures {
            #expect(page.element(id: id).map { Int($0.text) } == expected, "\(id)")
        }
        var rejections: [String: Int] = [:]
        for row in page.elements(class: "rejection") {
            rejections[try #require(row.attributes["data-code"])] = Int(try #require(row.cells.dropFirst().first))
        }
        #expect(rejections == (summary.rejectedByCode ?? [:]).filter { $0.value > 0 })
        #expect(page.elements(class: "rejected-row").count == summary.rejected, "each rejected row of a small night is listed")

        let applied = (summary.json["applied_totals"] as? [[String: Any]] ?? []).map {
            ["\($0["tenant_id"]!)", "\($0["kind"]!)", "\($0["asset"]!)", "\($0["transfers"]!)", "\($0["amount"]!)"]
        }
        #expect(!applied.isEmpty)
        #expect(page.elements(class: "moved").map(\.cells) == applied)
        var checks: [String: (String, Int)] = [:]
        for row in page.elements(class: "check") {
            checks[try #require(row.attributes["data-check"])] = (row.classes.contains("pass") ? "pass" : "fail", Int(row.cells[2]) ?? -1)
        }
        #expect(checks.mapValues { "\($0.0) \($0.1)" } == summary.checks.mapValues { "\($0.status) \($0.violations)" })
        #expect(page.element(id: "inputs")?.text.contains(try #require(summary.json["inputs"] as? [[String: Any]]).first?["sha256"] as? String ?? "?") == true)
        #expect(page.root.all("svg").count >= 2, "charts for rejections and amounts moved")
    }

    @Test func inputTextAppearsOnlyEscaped() throws {
        let box = try Sandbox()
        let outcome = try runHostileNight(box, extra: ["--split-by-tenant"])
        #expect(outcome.status == 1, "the expected balance differs: \(outcome)")
        let pages = [box.latest.appendingPathComponent("report.html"),
                     box.latest.appendingPathComponent("tenants/tnt_x/report.html")]
        for url in pages {
            let page = try HTMLPage(contentsOf: url)
            Self.expectSelfContained(page)
            #expect(!page.raw.contains("<img"), "\(url.path)")
            #expect(page.raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            // The reader sees the text itself: as a tenant name, a user, a description, in a break.
            let rejected = try #require(page.elements(class: "rejected-row").first)
            let spans = Dictionary(rejected.all("span").map { ($0.attributes["class"] ?? "", $0.text) }, uniquingKeysWith: { $1 })
            #expect(spans["description"] == Self.hostile)
            #expect(spans["reference mono"] == "\"><img src=x onerror=alert(2)>")
            #expect(spans["from mono"] == Self.hostile, "sender")
            let hostileBreak = page.elements(class: "break").first { $0.cells[3] == Self.hostile }
            #expect(hostileBreak != nil, "the break names the user")
            #expect(page.elements(class: "trial").first?.cells.first?.hasPrefix(Self.hostile) == true, "tenant name")
            #expect(page.element(id: "count-breaks").map { Int($0.text) } == (try box.report("breaks.csv").rows.count))
        }
    }

    @Test func aDryRunPageSaysSo() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight(extra: ["--dry-run"])
        #expect(outcome.status == 0, "\(outcome)")
        let page = try HTMLPage(contentsOf: try box.reportDirectory(printedBy: outcome).appendingPathComponent("report.html"))
        Self.expectSelfContained(page)
        #expect(page.elements(class: "dry-run").first?.text.contains("nothing was saved") == true)
    }

    @Test func verifyWritesAPageToo() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.runNight()
        let outcome = try box.run(["verify", "--db", box.db])
        #expect(outcome.status == 0, "\(outcome)")
        let page = try HTMLPage(contentsOf: try box.reportDirectory(printedBy: outcome).appendingPathComponent("report.html"))
        Self.expectSelfContained(page)
        #expect(page.elements(class: "check").count == 8, "storage_integrity, the six ledger checks and hash_chain")
        #expect(page.elements(class: "trial").count == 6)
    }
}
