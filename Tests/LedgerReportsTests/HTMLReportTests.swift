import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LedgerCore
import LedgerReports
import LedgerStore
import LedgerStorage
import Testing

/// report.html's building blocks: escaping, break ages, per-tenant pages, tenant folder names and
/// local times (SPEC §5).
struct HTMLReportTests {
    static func summary(tenants: [String], exitCode: Int32 = 1) -> RunSummary {
        var counts = RunSummary.Counts()
        counts.read = 3
        counts.count(.rejected(Rejection(.notFound, "no such user")))
        var applied: [AppliedTotals.Key: AppliedTotals.Value] = [:]
        for tenant in tenants { applied[AppliedTotals.Key(tenantID: tenant, asset: Asset(currency: .cny))] = AppliedTotals.Value(transfers: 1, amount: 150) }
        return RunSummary(runID: "20261122T000000Z-test", command: "run", startedAt: "2026-11-22T08:00:00+08:00",
                          finishedAt: "2026-11-22T08:00:01+08:00", dryRun: false, database: "ledger.sqlite", inputs: [],
                          counts: counts, appliedTotals: applied, checks: [(.expectedBalances, 1)], exitCode: exitCode,
                          reports: "reports/x")
    }

    static func wellFormed(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    @Test func controlCharactersAndMarkupInInputStayWellFormed() throws {
        let nasty = "a\u{1}b\u{0}c<d>&e\"f'g\u{FFFE}"
        let violation = CheckViolation(check: .expectedBalances, tenantID: nasty, userID: nasty, asset: Asset(currency: .cny),
                                       expected: Int128(100), actual: Int128(90), detail: nasty)
        let tenants = TenantDirectory([TenantConfig(tenantID: nasty, name: nasty, transferEnabled: true)])
        let page = HTMLReport(summary: Self.summary(tenants: [nasty]), exitMeaning: "a reconciliation check failed", trialBalance: [],
                              tenants: tenants, breaks: [ReportBreak(violation)]).render()
        #expect(Self.wellFormed(page), "\(page)")
        #expect(!page.contains("<d>"))
        #expect(page.contains("a\u{FFFD}b\u{FFFD}c&lt;d&gt;&amp;e&quot;f&#39;g\u{FFFD}"))
    }

    @Test func aTenantPageKeepsOnlyThatTenant() throws {
        let breaks = ["tnt_a", "tnt_b"].map {
            ReportBreak(CheckViolation(check: .expectedBalances, tenantID: $0, userID: "usr_of_\($0)", asset: Asset(currency: .cny),
                                       expected: Int128(1), actual: Int128(2), detail: "balance differs"))
        }
        let tenants = TenantDirectory([TenantConfig(tenantID: "tnt_a", name: "Alpha Tea", transferEnabled: true), TenantConfig(tenantID: "tnt_b", name: "Beta Books", transferEnabled: true)])
        let full = HTMLReport(summary: Self.summary(tenants: ["tnt_a", "tnt_b"]), exitMeaning: "a reconciliation check failed",
                              trialBalance: [], tenants: tenants, breaks: breaks)
        let whole = full.render()
        #expect(whole.contains("usr_of_tnt_b") && whole.contains("Beta Books"))
        let page = full.scoped(to: "tnt_a", counts: RunSummary.Counts(), rejectedRows: []).render()
        #expect(Self.wellFormed(page))
        #expect(page.contains("usr_of_tnt_a") && page.contains("Alpha Tea"))
        for other in ["tnt_b", "usr_of_tnt_b", "Beta Books"] { #expect(!page.contains(other), "\(other)") }
    }

    @Test func openBreaksAreCountedByAgeAndListedOldestFirst() throws {
        let ages = [0, 2, 3, 5, 10, 40, 0]
        let breaks = ages.enumerated().map { index, age in
            ReportBreak(CheckViolation(check: .expectedBalances, tenantID: "tnt_a", userID: "usr_\(index)", detail: "differs"),
                        state: age == 0 ? "new" : "open", ageDays: age)
        }
        let page = HTMLReport(summary: Self.summary(tenants: ["tnt_a"]), exitMeaning: "a reconciliation check failed",
                              trialBalance: [], tenants: TenantDirectory(), breaks: breaks).render()
        #expect(Self.wellFormed(page))
        for (label, count) in [("new tonight", 2), ("1–3 days", 2), ("4–7 days", 1), ("8–30 days", 1), ("over 30 days", 1)] {
            #expect(page.contains("data-age=\"\(label)\">\(count)</td>"), "\(label)")
        }
        let order = ["usr_5", "usr_4", "usr_3", "usr_2", "usr_1", "usr_0", "usr_6"].map { page.range(of: ">\($0)<")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted(), "oldest first, then in report order")
        #expect(page.contains(">open, 40 d<"))
    }

    @Test(arguments: [(0, BreakAge.new), (1, .upToThreeDays), (3, .upToThreeDays), (4, .upToAWeek), (7, .upToAWeek),
                      (8, .upToAMonth), (30, .upToAMonth), (31, .older), (-1, .new)])
    func breakAgeBuckets(days: Int, bucket: BreakAge) {
        #expect(BreakAge(days: days) == bucket)
    }

    // MARK: Tenant folder names

    static let awkwardIDs = ["tnt_a", "TNT_A", "tnt_A", "", ".", "..", ".hidden", "a.b", "a/b", "../x", "%41", "A", "a b", "a\u{0}b",
                             "a\nb", "上海", "cafe\u{301}", "caf\u{E9}", "~x", String(repeating: "租", count: 120),
                             String(repeating: "租", count: 120) + "x"]

    @Test func tenantFolderNamesAreSafeDistinctAndReversible() {
        var seen: [String: String] = [:]
        for id in Self.awkwardIDs {
            let name = TenantFolderName.encode(id)
            #expect(!name.contains("/") && name != "." && name != ".." && !name.hasPrefix("."), "\(id.debugDescription) → \(name)")
            #expect(name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "printable ASCII: \(name)")
            #expect(name.utf8.count <= 255)
            // Distinct even on a file system that ignores case.
            #expect(seen[name.lowercased()] == nil, "\(id.debugDescription) and \(seen[name.lowercased()]?.debugDescription ?? "") share \(name)")
            seen[name.lowercased()] = id
        }
    }

    @Test func tenantFolderNamesDecodeToTheSameBytes() {
        for id in Self.awkwardIDs where !TenantFolderName.encode(id).contains("~") {
            let decoded = TenantFolderName.decode(TenantFolderName.encode(id))
            #expect(decoded.map { Array($0.utf8) } == Array(id.utf8), "\(id.debugDescription)")
        }
        #expect(TenantFolderName.encode("tnt_sh_tea") == "tnt_sh_tea", "ordinary ids read as themselves")
    }

    // MARK: Local times

    static func local(_ zone: String, _ utc: String) throws -> String {
        let timeZone = try #require(ReportTimeZone(identifier: zone))
        return timeZone.formatter().format(millis: try #require(Timestamp.parseMillis(utc)))
    }

    @Test func timesCarryTheirZonesOffset() throws {
        #expect(try Self.local("Asia/Shanghai", "2026-11-21T23:30:00Z") == "2026-11-22T07:30:00+08:00")
        #expect(try Self.local("UTC", "2026-11-21T23:30:00Z") == "2026-11-21T23:30:00Z")
        #expect(try Self.local("Asia/Kolkata", "2026-11-21T23:30:00.250Z") == "2026-11-22T05:00:00.250+05:30")
        #expect(try Self.local("America/New_York", "2026-03-08T06:59:59Z") == "2026-03-08T01:59:59-05:00")
        #expect(try Self.local("America/New_York", "2026-03-08T07:00:00Z") == "2026-03-08T03:00:00-04:00", "spring forward")
        #expect(try Self.local("Australia/Lord_Howe", "2026-01-15T00:00:00Z") == "2026-01-15T11:00:00+11:00")
        #expect(try Self.local("Australia/Lord_Howe", "2026-07-15T00:00:00Z") == "2026-07-15T10:30:00+10:30", "half-hour DST")
        #expect(try Self.local("Europe/London", "2026-01-15T12:00:00Z") == "2026-01-15T12:00:00+00:00")
    }

    @Test(arguments: ["Mars/Olympus", "+08:00", "", "asia/shanghai", "Asia/Shanghai/../UTC"])
    func unknownZonesAreRefused(name: String) {
        #expect(ReportTimeZone(identifier: name) == nil)
    }
}
