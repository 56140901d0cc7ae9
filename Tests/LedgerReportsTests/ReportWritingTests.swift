import Foundation
import LedgerCore
import LedgerReports
import Testing

/// The report files themselves: CSV quoting, formula neutralising, publishing, summary.json.
struct ReportWritingTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func written(_ header: [String], _ rows: [[ReportCell]], trailing: [(name: String, value: String)] = []) throws -> String {
        let path = (directory as NSString).appendingPathComponent("report-\(UUID().uuidString).csv")
        let writer = try CSVReportWriter(path: path, header: header, trailing: trailing)
        for row in rows { try writer.write(row) }
        try writer.close()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func quotesOnlyWhatNeedsQuoting() throws {
        let text = try written(["a", "b", "c"], [[.text("plain"), .text("午餐 AA, 三人"), .text("say \"hi\"\nbye")]])
        #expect(text == "a,b,c\nplain,\"午餐 AA, 三人\",\"say \"\"hi\"\"\nbye\"\n")
    }

    @Test(arguments: ["=SUM(A1)", "+cmd", "-5", "@evil", "\tTAB", "\rCR"])
    func neutralisesFormulaLookingInputText(text: String) throws {
        let csv = try written(["x"], [[.text(text)]])
        let cell = csv.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[1]
        #expect(cell.hasPrefix("'") || cell.hasPrefix("\"'"), "\(cell.debugDescription)")
    }

    @Test func leavesOurOwnValuesAlone() throws {
        // A negative difference we computed is a number, not a formula.
        #expect(try written(["difference"], [[.value("-0.01")]]) == "difference\n-0.01\n")
        #expect(try written(["id"], [[.text("usr_1")]]) == "id\nusr_1\n")
    }

    @Test func dryRunColumnOnEveryRow() throws {
        let csv = try written(["a"], [[.value("1")], [.value("2")]], trailing: [("dry_run", "true")])
        #expect(csv == "a,dry_run\n1,true\n2,true\n")
    }

    @Test func publishRenamesAndRepointsLatest() throws {
        let first = ReportDirectory(root: directory, runID: "20261121T020000Z-aaaa")
        try first.create()
        try "{}".write(toFile: first.file("summary.json"), atomically: false, encoding: .utf8)
        #expect(!FileManager.default.fileExists(atPath: first.finalPath), "not visible before publish")
        try first.publish()
        #expect(FileManager.default.fileExists(atPath: (first.finalPath as NSString).appendingPathComponent("summary.json")))
        #expect(!FileManager.default.fileExists(atPath: first.workingPath))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: first.latestLink) == first.runID)

        let second = ReportDirectory(root: directory, runID: "20261122T020000Z-bbbb")
        try second.create()
        try second.publish()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: second.latestLink) == second.runID)
    }

    @Test func breaksAreSortedByCheckThenTenantUserAndAsset() {
        let cny = Asset(currency: .cny)
        let unsorted = [
            CheckViolation(check: .expectedBalances, tenantID: "t1", userID: "b", asset: cny, detail: "x"),
            CheckViolation(check: .entriesBalanced, tenantID: "t2", detail: "y"),
            CheckViolation(check: .expectedBalances, tenantID: "t1", userID: "a", asset: cny, detail: "z"),
            CheckViolation(check: .entriesBalanced, tenantID: "t1", detail: "w"),
        ]
        #expect(ReconciliationReports.sorted(unsorted).map(\.detail) == ["w", "y", "z", "x"])
    }

    @Test func summaryJSONHasTheContractsKeysAndRawText() throws {
        var counts = RunSummary.Counts()
        counts.read = 2
        counts.count(.applied(transferID: "trf_1"))
        counts.count(.rejected(Rejection(.notFound, "=raw text stays raw")))
        let summary = RunSummary(
            runID: "20261121T020000Z-aaaa", command: "run", startedAt: "2026-11-21T02:00:00Z", finishedAt: "2026-11-21T02:00:01Z",
            dryRun: false, database: "ledger.sqlite",
            inputs: [.init(role: "transfers", path: "t.csv", sha256: "00", rows: 2, unknownColumns: ["note"])],
            counts: counts,
            appliedTotals: [AppliedTotals.Key(tenantID: "t1", asset: Asset(currency: .cny)): .init(transfers: 1, amount: 12_345)],
            checks: [(.entriesBalanced, 0), (.expectedBalances, 2)], exitCode: 1, reports: "reports/x"
        )
        let path = (directory as NSString).appendingPathComponent("summary.json")
        try summary.write(to: path)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(Set(json.keys) == ["run_id", "command", "started_at", "finished_at", "dry_run", "database", "inputs", "counts",
                                   "applied_totals", "checks", "exit_code", "reports"])
        let countsJSON = try #require(json["counts"] as? [String: Any])
        #expect(countsJSON["read"] as? Int == 2 && countsJSON["applied"] as? Int == 1 && countsJSON["rejected"] as? Int == 1)
        #expect((countsJSON["rejected_by_code"] as? [String: Int])?["not_found"] == 1)
        #expect((countsJSON["rejected_by_code"] as? [String: Int])?.count == Rejection.Code.allCases.count)
        let totals = try #require(json["applied_totals"] as? [[String: Any]])
        #expect(totals.first?["amount"] as? String == "123.45")
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.map { $0["status"] as? String } == ["pass", "fail"])
        #expect(checks.last?["violations"] as? Int == 2)
    }
}
