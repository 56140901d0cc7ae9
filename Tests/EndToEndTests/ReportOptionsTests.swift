import Foundation
import Testing

/// The report options for people (SPEC §5): `--timezone`, `--csv-bom`, `--split-by-tenant`.
struct ReportOptionsTests {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The sample tenants and accounts with a transfers file of the given rows.
    func night(_ box: Sandbox, transfers rows: [String], extra: [String]) throws -> BinaryOutcome {
        try box.copySamples()
        let header = "kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id,requested_at"
        try box.write("tz-transfers.csv", ([header] + rows).joined(separator: "\n") + "\n")
        return try box.runNight(transfers: ["tz-transfers.csv"], expected: nil, extra: extra)
    }

    /// Every file under `directory`, relative paths, sorted.
    func files(under directory: URL) throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory.path))
        return enumerator.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    static func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int ?? -1) & 0o777
    }

    // MARK: --timezone

    @Test func shanghaiSeesALateUTCTransferOnItsNextDay() throws {
        let box = try Sandbox()
        let outcome = try night(box, transfers: [
            "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,ik_tz_1,夜宵,,pos,order_tz,2026-11-21T23:30:00Z",
        ], extra: ["--timezone", "Asia/Shanghai"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try box.report("results.csv").column("requested_at") == ["2026-11-22T07:30:00+08:00"])
        let summary = try box.summary()
        #expect((summary.json["started_at"] as? String)?.hasSuffix("+08:00") == true)
        let page = try HTMLPage(contentsOf: box.latest.appendingPathComponent("report.html"))
        #expect(page.element(id: "banner")?.text.contains("+08:00") == true)
    }

    @Test func defaultStaysUTC() throws {
        let box = try Sandbox()
        let outcome = try night(box, transfers: [
            "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,ik_tz_1,夜宵,,pos,order_tz,2026-11-22T07:30:00+08:00",
        ], extra: [])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try box.report("results.csv").column("requested_at") == ["2026-11-21T23:30:00Z"])
        #expect((try box.summary().json["started_at"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func eachTimeCarriesTheOffsetOfItsOwnDate() throws {
        let box = try Sandbox()
        let outcome = try night(box, transfers: [
            "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,ik_dst_1,,,,,2026-07-01T12:00:00Z",
            "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,ik_dst_2,,,,,2026-12-01T12:00:00Z",
        ], extra: ["--timezone", "America/New_York"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try box.report("results.csv").column("requested_at") == ["2026-07-01T08:00:00-04:00", "2026-12-01T07:00:00-05:00"])
    }

    @Test(arguments: ["Mars/Olympus_Mons", "+08:00", "CST", ""])
    func unknownZoneIsAUsageError(zone: String) throws {
        let box = try Sandbox()
        let outcome = try night(box, transfers: [], extra: ["--timezone", zone])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.contains("--timezone"), "\(outcome)")
        #expect(outcome.stdout.hasSuffix("exit 2: usage error or unreadable input; nothing was applied\n"), "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: box.reportsRoot.path), "nothing was run")
    }

    // MARK: --csv-bom

    @Test func byteOrderMarkStartsEveryCSVReportOnlyWhenAsked() throws {
        let plain = try Sandbox()
        try plain.copySamples()
        #expect(try plain.runNight().status == 0)
        let marked = try Sandbox()
        try marked.copySamples()
        #expect(try marked.runNight(extra: ["--csv-bom", "--split-by-tenant"]).status == 0)

        let markedFiles = try files(under: marked.latestRunDirectory()).filter { $0.hasSuffix(".csv") }
        #expect(markedFiles.contains("results.csv") && markedFiles.contains("tenants/tnt_sh_tea/results.csv"))
        for name in markedFiles {
            let bytes = [UInt8](try Data(contentsOf: marked.latestRunDirectory().appendingPathComponent(name)))
            #expect(Array(bytes.prefix(3)) == Self.byteOrderMark, "\(name)")
        }
        for name in try files(under: plain.latestRunDirectory()).filter({ $0.hasSuffix(".csv") }) {
            let bytes = [UInt8](try Data(contentsOf: plain.latestRunDirectory().appendingPathComponent(name)))
            #expect(Array(bytes.prefix(3)) != Self.byteOrderMark, "\(name)")
            // After the BOM the files are the same as without one.
            let markedBytes = [UInt8](try Data(contentsOf: marked.latestRunDirectory().appendingPathComponent(name)))
            #expect(String(decoding: markedBytes.dropFirst(3), as: UTF8.self).split(separator: "\n").first
                    == String(decoding: bytes, as: UTF8.self).split(separator: "\n").first, "\(name) header")
        }
    }

    // MARK: --split-by-tenant

    @Test func eachTenantFolderHoldsOnlyItsTenant() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight(extra: ["--split-by-tenant"])
        #expect(outcome.status == 0, "\(outcome)")
        let run = try box.latestRunDirectory()
        let folders = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("tenants").path).sorted()
        #expect(folders == ["tnt_beta_club", "tnt_sh_tea", "tnt_tokyo_books"])

        // Who belongs to whom, from the full reports.
        let balances = try box.report("balances.csv")
        var users: [String: Set<String>] = [:]
        for record in balances.records { users[record["tenant_id"]!, default: []].insert(record["user_id"]!) }
        let names = ["tnt_beta_club": "Beta Club", "tnt_sh_tea": "上海茶饮连锁", "tnt_tokyo_books": "Tokyo Books"]
        let topLevelReports = try files(under: run).filter { !$0.hasPrefix("tenants/") && $0.hasSuffix(".csv") }

        for tenant in folders {
            let folder = run.appendingPathComponent("tenants/\(tenant)")
            #expect(try files(under: folder) == (topLevelReports + ["manifest.json", "report.html"]).sorted(), "\(tenant)")
            // As private as the run's own reports (SPEC §6): folders 0750, files 0640.
            #expect(try Self.mode(folder) == 0o750 && Self.mode(folder.deletingLastPathComponent()) == 0o750, "\(tenant)")
            for name in try files(under: folder) { #expect(try Self.mode(folder.appendingPathComponent(name)) == 0o640, "\(tenant)/\(name)") }
            for report in topLevelReports {
                let table = try CSVTable(contentsOf: folder.appendingPathComponent(report))
                #expect(table.header == (try box.report(report)).header)
                #expect(try table.column("tenant_id").allSatisfy { $0 == tenant }, "\(tenant)/\(report)")
                let full = try box.report(report)
                let tenantColumn = try full.index(of: "tenant_id")
                #expect(table.rows == full.rows.filter { $0[tenantColumn] == tenant }, "\(tenant)/\(report): its rows, in order")
            }
            let page = try HTMLPage(contentsOf: folder.appendingPathComponent("report.html"))
            ReportHTMLTests.expectSelfContained(page)
            #expect(page.elements(class: "input").map(\.cells.count) == [3, 3, 3, 3], "role, file, SHA-256: no row counts")
            for (other, otherUsers) in users where other != tenant {
                #expect(!page.raw.contains(other), "\(tenant)'s page names \(other)")
                #expect(!page.raw.contains(names[other]!), "\(tenant)'s page names \(other)'s name")
                for user in otherUsers.subtracting(users[tenant] ?? []) {
                    #expect(!page.raw.contains(user), "\(tenant)'s page names \(other)'s user \(user)")
                }
            }
            let results = try CSVTable(contentsOf: folder.appendingPathComponent("results.csv"))
            let statuses = try results.column("status")
            #expect(page.element(id: "count-applied").map { Int($0.text) } == statuses.filter { $0 == "applied" }.count)
            #expect(page.element(id: "count-rejected").map { Int($0.text) } == statuses.filter { $0 == "rejected" }.count)
        }
    }

    @Test func folderNamesAreSafeAndReversible() throws {
        let box = try Sandbox()
        let tenant = "../Evil/租户"
        try box.write("w-tenants.csv", "tenant_id,name,transfer_enabled\n\(tenant),Evil,true\ntnt_a,A,true\n")
        try box.write("w-accounts.csv", """
            tenant_id,user_id,kind,currency,balance,frozen_balance,status
            \(tenant),usr_1,wallet,CNY,10.00,0,active
            \(tenant),usr_2,wallet,CNY,0,0,active
            tnt_a,usr_3,wallet,CNY,5.00,0,active

            """)
        try box.write("w-transfers.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key
            wallet,\(tenant),usr_1,usr_2,1.00,CNY,k1

            """)
        let outcome = try box.runNight(tenants: "w-tenants.csv", accounts: ["w-accounts.csv"], transfers: ["w-transfers.csv"],
                                       expected: nil, extra: ["--split-by-tenant"])
        #expect(outcome.status == 0, "\(outcome)")
        let run = try box.latestRunDirectory()
        let folders = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("tenants").path).sorted()
        #expect(folders == ["%2E.%2F%45vil%2F%E7%A7%9F%E6%88%B7", "tnt_a"])
        #expect(folders.first?.removingPercentEncoding == tenant, "plain percent-decoding gives the id back")
        let results = try CSVTable(contentsOf: run.appendingPathComponent("tenants/\(folders[0])/results.csv"))
        #expect(try results.column("tenant_id") == [tenant])
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("Evil").path))
        #expect(!FileManager.default.fileExists(atPath: box.reportsRoot.appendingPathComponent("Evil").path))
    }
}
