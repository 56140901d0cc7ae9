import Foundation
import LedgerCore
import LedgerStore
import LedgerStorage

/// report.html (SPEC §5): the whole run for a person, in one self-contained file — no network,
/// no script, prints on A4. Built from the same figures as summary.json and the CSV reports
/// (`RunSummary`, the trial balance, the breaks), so the page and the files never disagree.
///
/// The page answers, top to bottom: did it balance (the banner), what came in and what was
/// refused (counts, rejections by code), what moved (per tenant and asset), do the books add up
/// (trial balance, checks), what needs a person (open breaks by age), and what was read (inputs
/// with their SHA-256). Every text that came from input is escaped (`HTMLWriter`).
public struct HTMLReport {
    public var summary: RunSummary
    /// What the exit code means, as the last line on stdout says it.
    public var exitMeaning: String
    public var trialBalance: [TrialBalanceLine]
    public var tenants: TenantDirectory
    public var breaks: [ReportBreak]
    /// The run's first rejected rows (`RejectedRowSample`), listed under the rejection counts.
    public var rejectedRows: [RejectedRowSample.Row]
    /// The zone the times are shown in (`--timezone`), named in the footer.
    public var timeZoneName: String
    /// Set on a tenant's own page (`--split-by-tenant`): the tenant it is about.
    public private(set) var tenantScope: String?

    /// Breaks listed one by one; the rest are counted (breaks.csv has them all).
    static let listedBreaks = 200
    /// Tenant and asset lines drawn in the "what moved" chart (a platform of thousands of tenants
    /// gets a readable chart and the full table).
    static let chartedTotals = 40

    public init(summary: RunSummary, exitMeaning: String, trialBalance: [TrialBalanceLine], tenants: TenantDirectory,
                breaks: [ReportBreak], rejectedRows: [RejectedRowSample.Row] = [],
                timeZoneName: String = ReportTimeZone.utc.identifier) {
        self.summary = summary
        self.exitMeaning = exitMeaning
        self.trialBalance = trialBalance
        self.tenants = tenants
        self.breaks = breaks
        self.rejectedRows = rejectedRows
        self.timeZoneName = timeZoneName
    }

    /// The page for one tenant's folder: only that tenant's figures, breaks and names. `counts` are
    /// the tenant's own row counts and `rejectedRows` its first rejected rows; the banner still
    /// gives the run's outcome (it is one run).
    public func scoped(to tenantID: String, counts: RunSummary.Counts, rejectedRows: [RejectedRowSample.Row]) -> HTMLReport {
        var page = self
        page.tenantScope = tenantID
        page.summary.counts = counts
        page.rejectedRows = rejectedRows.filter { OpaqueID.sameBytes($0.tenantID, tenantID) }
        page.summary.appliedTotals = summary.appliedTotals.filter { OpaqueID.sameBytes($0.tenantID, tenantID) }
        page.trialBalance = trialBalance.filter { OpaqueID.sameBytes($0.tenantID, tenantID) }
        page.breaks = breaks.filter { OpaqueID.sameBytes($0.violation.tenantID, tenantID) }
        page.tenants = TenantDirectory(tenants[tenantID].map { [$0] } ?? [])
        page.summary.checks = summary.checks.map { check in
            let found = page.breaks.filter { $0.violation.check.rawValue == check.name }.count
            return RunSummary.Check(name: check.name, status: found == 0 ? "pass" : "fail", violations: found, scope: check.scope)
        }
        return page
    }

    /// Writes the page as a new report file (0640, SPEC §6).
    public func write(to path: String) throws {
        try ReportDirectory.writeFile(Data(render().utf8), to: path)
    }

    /// The page's text.
    public func render() -> String {
        var html = HTMLWriter()
        html.markup("<!DOCTYPE html>\n")
        html.open("html", [("lang", "en")])
        writeHead(&html)
        html.within("body") { body in
            writeBanner(&body)
            writeCounts(&body)
            writeRejections(&body)
            writeMoved(&body)
            writeTrialBalance(&body)
            writeChecks(&body)
            writeBreaks(&body)
            writeInputs(&body)
            writeFooter(&body)
        }
        html.close("html")
        html.markup("\n")
        return html.finished()
    }

    // MARK: Sections

    private var title: String {
        let scope = tenantScope.map { " — tenant \(tenantLabel($0))" } ?? ""
        return "ledger-recon \(summary.command) \(summary.runID)\(scope): \(exitMeaning)"
    }

    private func writeHead(_ html: inout HTMLWriter) {
        html.within("head") { head in
            head.empty("meta", [("charset", "utf-8")])
            head.empty("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
            head.element("title", title)
            head.open("style")
            head.markup(HTMLReportStyle.css)
            head.close("style")
        }
    }

    private func writeBanner(_ html: inout HTMLWriter) {
        let tone = summary.exitCode == 0 ? "ok" : summary.exitCode == 4 ? "warn" : "fail"
        html.within("header", [("class", "banner \(tone)"), ("id", "banner")]) { banner in
            banner.element("p", tenantScope.map { "Tenant \(tenantLabel($0)) — its share of run \(summary.runID)" }
                           ?? "ledger-recon \(summary.command) \(summary.runID)", [("class", "run")])
            banner.open("h1", [("id", "outcome"), ("data-exit-code", String(summary.exitCode))])
            banner.element("span", "exit \(summary.exitCode)", [("class", "code")])
            banner.write(" " + exitMeaning)
            banner.close("h1")
            if summary.dryRun { banner.element("p", "Dry run: nothing was saved in the ledger.", [("class", "dry-run")]) }
            if tenantScope != nil {
                banner.element("p", "The outcome is the whole run's; the figures below are this tenant's alone.", [("class", "note")])
            }
            banner.element("p", "Started \(summary.startedAt) · finished \(summary.finishedAt) · ledger \(summary.database)",
                           [("class", "times")])
        }
    }

    private func writeCounts(_ html: inout HTMLWriter) {
        let counts = summary.counts
        let openBreaks = breaks.count
        html.within("section", [("id", "counts")]) { section in
            section.element("h2", "Rows tonight")
            section.within("div", [("class", "tiles")]) { tiles in
                let figures: [(String, String, Int, String)] = [
                    ("count-read", "read", counts.read, ""), ("count-applied", "applied", counts.applied, "good"),
                    ("count-duplicate", "duplicate", counts.duplicate, ""),
                    ("count-rejected", "rejected", counts.rejected, counts.rejected > 0 ? "bad" : ""),
                    ("count-possible-duplicate", "possible duplicates", counts.possibleDuplicate, counts.possibleDuplicate > 0 ? "warn" : ""),
                    ("count-breaks", "open breaks", openBreaks, openBreaks > 0 ? "bad" : "good"),
                ]
                for (id, label, value, tone) in figures {
                    tiles.within("div", [("class", "tile \(tone)")]) { tile in
                        tile.element("span", String(value), [("class", "figure"), ("id", id)])
                        tile.element("span", label, [("class", "label")])
                    }
                }
            }
        }
    }

    private func writeRejections(_ html: inout HTMLWriter) {
        let byCode = summary.counts.rejectedByCode.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        html.within("section", [("id", "rejections")]) { section in
            section.element("h2", "Rejections by code")
            guard !byCode.isEmpty else {
                section.element("p", "No row was rejected.", [("class", "none")])
                return
            }
            section.element("p", "Open rejections.csv for the rows themselves (file, line, order reference and message).",
                            [("class", "hint")])
            SVGBarChart(title: "Rejected rows by code", bars: byCode.map {
                SVGBarChart.Bar(label: $0.key, valueText: String($0.value), magnitude: Int128($0.value), tone: "bar-bad")
            }).write(into: &section)
            table(&section, header: ["code", "rows", "what it means"]) { body in
                for (code, rows) in byCode {
                    body.within("tr", [("class", "rejection"), ("data-code", code)]) { row in
                        row.element("td", code, [("class", "mono")])
                        row.element("td", String(rows), [("class", "num")])
                        row.element("td", HTMLReport.rejectionMeaning[code] ?? "")
                    }
                }
            }
            writeRejectedRows(&section)
        }
    }

    private func writeRejectedRows(_ html: inout HTMLWriter) {
        guard !rejectedRows.isEmpty else { return }
        let rejected = summary.counts.rejected
        html.element("h3", rejected > rejectedRows.count ? "The first \(rejectedRows.count) of \(rejected) rejected rows" : "The rejected rows")
        table(&html, header: ["row", "tenant and users", "amount", "code", "order", "message"]) { body in
            for rejectedRow in rejectedRows {
                body.within("tr", [("class", "rejected-row")]) { row in
                    row.element("td", "\(rejectedRow.file):\(rejectedRow.line)", [("class", "mono")])
                    row.within("td") { cell in
                        cell.element("span", rejectedRow.tenantID, [("class", "tenant mono")])
                        cell.empty("br")
                        cell.element("span", rejectedRow.fromUserID, [("class", "from mono")])
                        cell.write(" → ")
                        cell.element("span", rejectedRow.toUserID, [("class", "to mono")])
                    }
                    row.element("td", rejectedRow.currency.isEmpty ? rejectedRow.amount : "\(rejectedRow.amount) \(rejectedRow.currency)",
                                [("class", "num")])
                    row.element("td", rejectedRow.code, [("class", "mono")])
                    row.within("td") { cell in
                        cell.element("span", rejectedRow.description, [("class", "description")])
                        cell.empty("br")
                        cell.element("span", rejectedRow.referenceID, [("class", "reference mono")])
                    }
                    row.element("td", rejectedRow.message, [("class", "detail")])
                }
            }
        }
    }

    private func writeMoved(_ html: inout HTMLWriter) {
        let totals = summary.appliedTotals
        html.within("section", [("id", "moved")]) { section in
            section.element("h2", "What moved, per tenant and asset")
            guard !totals.isEmpty else {
                section.element("p", "No transfer was applied.", [("class", "none")])
                return
            }
            if totals.count > HTMLReport.chartedTotals {
                section.element("p", "The chart shows the first \(HTMLReport.chartedTotals) of \(totals.count) lines; the table has them all.",
                                [("class", "hint")])
            }
            SVGBarChart(title: "Amounts applied per tenant and asset (bars scaled within each asset)",
                        bars: totals.prefix(HTMLReport.chartedTotals).map { total in
                SVGBarChart.Bar(label: "\(tenantLabel(total.tenantID)) · \(total.asset)", valueText: "\(total.amount) \(total.asset)",
                                magnitude: HTMLReport.magnitude(of: total.amount), group: "\(total.kind)/\(total.asset)",
                                tone: total.kind == "points" ? "bar-points" : "bar")
            }).write(into: &section)
            table(&section, header: ["tenant", "kind", "asset", "transfers", "amount"]) { body in
                for total in totals {
                    body.within("tr", [("class", "moved")]) { row in
                        row.element("td", total.tenantID, [("class", "mono")])
                        row.element("td", total.kind)
                        row.element("td", total.asset)
                        row.element("td", String(total.transfers), [("class", "num")])
                        row.element("td", total.amount, [("class", "num")])
                    }
                }
            }
        }
    }

    private func writeTrialBalance(_ html: inout HTMLWriter) {
        html.within("section", [("id", "trial-balance")]) { section in
            section.element("h2", "Trial balance")
            section.element("p", "Over every posting of user and system accounts; the difference must be zero. The user "
                            + "liability is what the platform owes its users; points are also valued in money.", [("class", "hint")])
            guard !trialBalance.isEmpty else {
                section.element("p", "The ledger holds no accounts.", [("class", "none")])
                return
            }
            table(&section, header: ["tenant", "kind", "asset", "accounts", "total debits", "total credits", "difference",
                                     "user liability", "cash equivalent"]) { body in
                for line in trialBalance {
                    let balanced = line.difference == 0
                    body.within("tr", [("class", balanced ? "trial" : "trial off")]) { row in
                        row.element("td", tenantLabel(line.tenantID))
                        row.element("td", line.asset.kind.rawValue)
                        row.element("td", line.asset.code)
                        row.element("td", String(line.accounts), [("class", "num")])
                        for amount in [line.totalDebits, line.totalCredits, line.difference, line.userLiability] {
                            row.element("td", line.asset.format(wide: amount), [("class", "num")])
                        }
                        row.element("td", ReconciliationReports.cashEquivalent(line, tenant: tenants[line.tenantID]), [("class", "num")])
                    }
                }
            }
        }
    }

    private func writeChecks(_ html: inout HTMLWriter) {
        let hasScopes = summary.checks.contains { !$0.scope.isEmpty }
        html.within("section", [("id", "checks")]) { section in
            section.element("h2", "Checks")
            table(&section, header: ["check", "status", "breaks"] + (hasScopes ? ["scope"] : [])) { body in
                for check in summary.checks {
                    let passed = check.status == "pass"
                    body.within("tr", [("class", passed ? "check pass" : "check fail"), ("data-check", check.name)]) { row in
                        row.element("td", check.name, [("class", "mono")])
                        row.element("td", passed ? "✔ pass" : "✘ fail", [("class", "status")])
                        row.element("td", String(check.violations), [("class", "num")])
                        if hasScopes { row.element("td", check.scope) }
                    }
                }
            }
        }
    }

    private func writeBreaks(_ html: inout HTMLWriter) {
        var byAge: [BreakAge: Int] = [:]
        for found in breaks { byAge[found.age, default: 0] += 1 }
        html.within("section", [("id", "breaks")]) { section in
            section.element("h2", "Open breaks by age")
            guard !breaks.isEmpty else {
                section.element("p", "No breaks: every check passed.", [("class", "none")])
                return
            }
            SVGBarChart(title: "Open breaks by age", bars: BreakAge.allCases.map {
                SVGBarChart.Bar(label: $0.label, valueText: String(byAge[$0] ?? 0), magnitude: Int128(byAge[$0] ?? 0), tone: $0.tone)
            }).write(into: &section)
            table(&section, header: BreakAge.allCases.map(\.label)) { body in
                body.within("tr", [("class", "ages")]) { row in
                    for age in BreakAge.allCases { row.element("td", String(byAge[age] ?? 0), [("class", "num"), ("data-age", age.label)]) }
                }
            }
            writeBreakList(&section)
        }
    }

    private func writeBreakList(_ html: inout HTMLWriter) {
        let listed = breaks.enumerated().sorted {
            $0.element.ageDays != $1.element.ageDays ? $0.element.ageDays > $1.element.ageDays : $0.offset < $1.offset
        }.prefix(HTMLReport.listedBreaks).map(\.element)
        html.element("h3", "The breaks, oldest first")
        table(&html, header: ["age", "check", "tenant", "user", "asset", "expected", "actual", "difference", "what to look at"]) { body in
            for found in listed {
                let violation = found.violation
                let format = { (value: Int128?) in value.map { violation.asset?.format(wide: $0) ?? String($0) } ?? "" }
                body.within("tr", [("class", "break")]) { row in
                    row.element("td", found.ageDays == 0 ? found.state : "\(found.state), \(found.ageDays) d")
                    row.element("td", violation.check.rawValue, [("class", "mono")])
                    row.element("td", violation.tenantID, [("class", "mono")])
                    row.element("td", violation.userID, [("class", "mono")])
                    row.element("td", violation.asset.map { "\($0.kind.rawValue) \($0.code)" } ?? "")
                    row.element("td", format(violation.expected), [("class", "num")])
                    row.element("td", format(violation.actual), [("class", "num")])
                    row.element("td", format(violation.difference), [("class", "num")])
                    row.element("td", found.hint.isEmpty ? violation.detail : found.hint + " (" + violation.detail + ")", [("class", "detail")])
                }
            }
        }
        if breaks.count > listed.count {
            html.element("p", "… and \(breaks.count - listed.count) more: breaks.csv lists every one.", [("class", "hint")])
        }
    }

    private func writeInputs(_ html: inout HTMLWriter) {
        html.within("section", [("id", "inputs")]) { section in
            section.element("h2", "Inputs")
            guard !summary.inputs.isEmpty else {
                section.element("p", "This run read no input files.", [("class", "none")])
                return
            }
            // A tenant's page leaves out the files' row counts: they would tell one tenant how much
            // the others sent tonight.
            let whole = tenantScope == nil
            table(&section, header: whole ? ["role", "file", "rows", "SHA-256", "ignored columns"] : ["role", "file", "SHA-256"]) { body in
                for input in summary.inputs {
                    body.within("tr", [("class", "input")]) { row in
                        row.element("td", input.role)
                        row.element("td", input.path, [("class", "mono")])
                        if whole { row.element("td", String(input.rows), [("class", "num")]) }
                        row.element("td", input.sha256, [("class", "mono hash")])
                        if whole { row.element("td", input.unknownColumns.joined(separator: ", ")) }
                    }
                }
            }
        }
    }

    private func writeFooter(_ html: inout HTMLWriter) {
        html.within("footer") { footer in
            footer.element("p", "Next: rejections.csv (the rejected rows), breaks.csv (every break, with the figures), "
                           + "balances.csv (every account), results.csv (every row), summary.json (for scripts).")
            footer.element("p", "Times are shown in \(timeZoneName), with their offset from UTC. "
                           + "Written by ledger-recon; this page needs no network and runs no script.")
        }
    }

    // MARK: Helpers

    private func table(_ html: inout HTMLWriter, header: [String], _ rows: (inout HTMLWriter) -> Void) {
        html.within("table") { table in
            table.within("thead") { head in
                head.within("tr") { row in
                    for name in header { row.element("th", name) }
                }
            }
            table.within("tbody", [], rows)
        }
    }

    /// `上海茶饮连锁 (tnt_sh_tea)` when the tenant has a name, else the id.
    private func tenantLabel(_ tenantID: String) -> String {
        guard let name = tenants[tenantID]?.name, !name.isEmpty, name != tenantID else { return tenantID }
        return "\(name) (\(tenantID))"
    }

    /// The size of a decimal amount text (`1353.30`) in minor units, for a bar's length: the digits
    /// read as one integer (the asset's exponent is the same within a chart group).
    static func magnitude(of amount: String) -> Int128 {
        var value: Int128 = 0
        for byte in amount.utf8 where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return Int128.max }
            value = shifted + Int128(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// One line per rejection code (SPEC §2's table), for a reader who does not know the codes.
    static let rejectionMeaning: [String: String] = [
        "invalid_request": "a required value is missing or malformed (unknown kind, bad currency or time, self-transfer)",
        "invalid_amount": "the amount is zero, negative, not a plain decimal, has too many decimals or does not fit",
        "not_found": "the tenant, sender or receiver has no such account",
        "transfer_disabled": "points transfers are switched off for the tenant",
        "account_inactive": "the sender or receiver is frozen or closed",
        "insufficient_balance": "the sender's available balance is below the amount",
        "idempotency_conflict": "the idempotency key was used before for a different request",
    ]
}
