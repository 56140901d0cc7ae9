import Foundation
import Testing

/// `ledger-recon export --format hledger|beancount` (SPEC §4, §7): the real tools accept the
/// books unchanged, and their balance reports equal balances.csv's closing balances to the last
/// minor unit, for the sample night and for a night with every asset the ledger supports.
///
/// Account names are read back with the reversal the README documents (implemented here, not
/// taken from the product), so these tests also prove the mapping reversible: two users whose ids
/// differ only in Unicode normalisation stay two accounts.
struct ExportTests {
    /// A night to export, run on a fresh ledger with exit 0.
    enum Night: String, CaseIterable, CustomStringConvertible, Sendable {
        case samples, everyAsset

        var description: String { rawValue }

        func run(in box: Sandbox) throws {
            switch self {
            case .samples:
                try box.copySamples()
                let outcome = try box.runNight()
                #expect(outcome.status == 0, "\(outcome)")
            case .everyAsset:
                try EveryAssetNight.write(into: box)
                let outcome = try box.runNight(tenants: "tenants.csv", accounts: ["accounts.csv"], transfers: ["transfers.csv"], expected: nil)
                #expect(outcome.status == 0, "\(outcome)\n\(box.breaksText)")
                let summary = try box.summary()
                let rejections = (try? box.report("rejections.csv").description) ?? "(no rejections.csv)"
                #expect(summary.rejected == 0, "every generated row applies: \(rejections)\n\(box.breaksText)")
                #expect(summary.applied == EveryAssetNight.transferRows)
            }
        }
    }

    @Test(arguments: Night.allCases)
    func hledgerChecksTheBooksAndAgreesWithBalances(night: Night) throws {
        let box = try Sandbox()
        try night.run(in: box)
        let outcome = try box.run(["export", "--db", box.db, "--format", "hledger", "--out", "books.journal"])
        #expect(outcome.status == 0, "\(outcome)")
        let check = try AccountingTool.run("hledger", ["-f", "books.journal", "check", "--strict"], in: box.root)
        #expect(check.status == 0, "\(check)")
        let report = try AccountingTool.run("hledger", ["-f", "books.journal", "balance", "-O", "csv", "--layout=bare", "--empty"],
                                            in: box.root)
        try #require(report.status == 0, "\(report)")
        var balances = ToolBalances()
        let table = try CSVTable(text: report.stdout)
        #expect(table.header == ["account", "commodity", "balance"])
        for row in table.rows where row[0] != "total" {
            try balances.add(account: try ExportNames.hledgerAccount(row[0]), commodity: row[1], amount: row[2])
        }
        try balances.expectEqual(toClosingBalancesIn: box.report("balances.csv"), tool: "hledger")
    }

    @Test(arguments: Night.allCases)
    func beancountChecksTheBooksAndAgreesWithBalances(night: Night) throws {
        let box = try Sandbox()
        try night.run(in: box)
        // Through stdout this time: the journal is everything the command prints there.
        let outcome = try box.run(["export", "--db", box.db, "--format", "beancount"])
        #expect(outcome.status == 0, "\(outcome)")
        try box.write("books.beancount", outcome.stdout)
        let check = try AccountingTool.run("bean-check", ["books.beancount"], in: box.root)
        #expect(check.status == 0 && check.stderr.isEmpty, "\(check)")
        // Stricter still: every commodity declared (Beancount's own plugin), without editing the export.
        try box.write("strict.beancount", "plugin \"beancount.plugins.check_commodity\"\ninclude \"books.beancount\"\n")
        let strict = try AccountingTool.run("bean-check", ["strict.beancount"], in: box.root)
        #expect(strict.status == 0 && strict.stderr.isEmpty, "\(strict)")
        // str(sum(number)): the exact Decimal, `Decimal('-1353.30')`. bean-query renders a number or a
        // position through a display precision (sum(number) shows no decimals at all, and rendering
        // a position past 10^16 fails in Beancount 2.3), so the test reads the value itself.
        let report = try AccountingTool.run("bean-query", [
            "-f", "csv", "books.beancount", "SELECT account, currency, str(sum(number)) AS balance GROUP BY account, currency",
        ], in: box.root)
        try #require(report.status == 0 && !report.stdout.contains("Traceback"), "\(report)")
        var balances = ToolBalances()
        let table = try CSVTable(text: report.stdout)
        #expect(table.header.map { $0.trimmingCharacters(in: .whitespaces) } == ["account", "currency", "balance"])
        for row in table.rows {
            let cells = row.map { $0.trimmingCharacters(in: .whitespaces) }
            let number = try #require(cells[2].wholeMatch(of: /Decimal\('(-?[0-9.]+)'\)/)?.output.1, "a Decimal: \(row)")
            try balances.add(account: try ExportNames.beancountAccount(cells[0]), commodity: cells[1], amount: String(number))
        }
        try balances.expectEqual(toClosingBalancesIn: box.report("balances.csv"), tool: "bean-query")
    }

    /// Transfer ids and idempotency keys travel as tags / metadata, readable by the tools' own queries.
    @Test func transferIDsAndKeysAreTagsAndMetadata() throws {
        let box = try Sandbox()
        try Night.samples.run(in: box)
        let results = try box.report("results.csv")
        let keyColumn = try #require(results.header.firstIndex(of: "idempotency_key"))
        let idColumn = try #require(results.header.firstIndex(of: "transfer_id"))
        let transferID = try #require(results.rows.first { $0[keyColumn] == "ik_20261120_0001" && !$0[idColumn].isEmpty })[idColumn]
        #expect(try box.run(["export", "--db", box.db, "--format", "hledger", "--out", "books.journal"]).status == 0)
        let register = try AccountingTool.run("hledger", ["-f", "books.journal", "print", "tag:idempotency_key=^ik_20261120_0001$"],
                                              in: box.root)
        #expect(register.status == 0, "\(register)")
        #expect(register.stdout.contains("transfer_id:\(transferID)"), "\(register)")
        #expect(register.stdout.contains("-120.50 CNY"), "\(register)")
        #expect(try box.run(["export", "--db", box.db, "--format", "beancount", "--out", "books.beancount"]).status == 0)
        let query = try AccountingTool.run("bean-query", [
            "-f", "csv", "books.beancount",
            "SELECT entry_meta('transfer_id') AS id, position WHERE entry_meta('idempotency_key') = 'ik_20261120_0001'",
        ], in: box.root)
        #expect(query.status == 0, "\(query)")
        #expect(query.stdout.contains(transferID) && query.stdout.contains("-120.50 CNY"), "\(query)")
    }

    /// `--tenant` exports that tenant's books alone, and they still check and agree.
    @Test func oneTenantsBooks() throws {
        let box = try Sandbox()
        try Night.everyAsset.run(in: box)
        let tenant = EveryAssetNight.oddTenant
        #expect(try box.run(["export", "--db", box.db, "--format", "hledger", "--tenant", tenant, "--out", "t.journal"]).status == 0)
        let check = try AccountingTool.run("hledger", ["-f", "t.journal", "check", "--strict"], in: box.root)
        #expect(check.status == 0, "\(check)")
        let report = try AccountingTool.run("hledger", ["-f", "t.journal", "balance", "-O", "csv", "--layout=bare"], in: box.root)
        var balances = ToolBalances()
        for row in try CSVTable(text: report.stdout).rows where row[0] != "total" {
            try balances.add(account: try ExportNames.hledgerAccount(row[0]), commodity: row[1], amount: row[2])
        }
        let all = try box.report("balances.csv")
        let tenantColumn = try all.index(of: "tenant_id")
        let own = CSVTable(header: all.header, rows: all.rows.filter { Array($0[tenantColumn].utf8) == Array(tenant.utf8) })
        #expect(own.rows.count == 4)
        #expect(own.rows.count < all.rows.count)
        try balances.expectEqual(toClosingBalancesIn: own, tool: "hledger --tenant")
    }

    @Test func anUnknownTenantOrAMissingLedgerExitsTwoAndWritesNothing() throws {
        let box = try Sandbox()
        let missing = try box.run(["export", "--db", box.db, "--format", "hledger", "--out", "books.journal"])
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.stderr.contains("no ledger") && missing.stderr.contains(box.ledgerName), "\(missing)")
        #expect(try !box.hasLedger())
        try Night.samples.run(in: box)
        let unknown = try box.run(["export", "--db", box.db, "--format", "beancount", "--tenant", "tnt_nobody", "--out", "books.journal"])
        #expect(unknown.status == 2, "\(unknown)")
        #expect(unknown.stderr.contains("tenant 'tnt_nobody' not found"), "\(unknown)")
        #expect(unknown.stderr.split(separator: "\n").count == 1, "one line: \(unknown.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.root.path).filter { $0.contains("books.journal") }.isEmpty)
        let badFormat = try box.run(["export", "--db", box.db, "--format", "ledger"])
        #expect(badFormat.status == 2, "\(badFormat)")
        let noFormat = try box.run(["export", "--db", box.db])
        #expect(noFormat.status == 2 && noFormat.stderr.contains("--format"), "\(noFormat)")
    }

    /// A ledger edited by hand into something no journal can say (a wallet in an unknown currency,
    /// an entry of no known kind): one line naming the row and `verify`, exit 2, no partial file.
    @Test(arguments: [
        ("UPDATE accounts SET asset = 'XYZ' WHERE user_id = 'usr_li_wei' AND kind = 'wallet'", "in currency 'XYZ'"),
        ("PRAGMA ignore_check_constraints = ON; UPDATE accounts SET kind = 'bogus' WHERE user_id = 'usr_li_wei' AND kind = 'points'",
         "has kind 'bogus'"),
    ])
    func aLedgerEditedIntoNonsenseIsRefusedInOneLine(edit: String, message: String) throws {
        let box = try Sandbox()
        try Night.samples.run(in: box)
        // PostgreSQL keeps its CHECK constraint whatever the session: the editor drops it.
        try box.tamper(box.backend == .sqlite ? edit : edit.replacingOccurrences(
            of: "PRAGMA ignore_check_constraints = ON;", with: "ALTER TABLE accounts DROP CONSTRAINT accounts_kind_check;"))
        for format in ["hledger", "beancount"] {
            let outcome = try box.run(["export", "--db", box.db, "--format", format, "--out", "books.txt"])
            #expect(outcome.status == 2, "\(outcome)")
            #expect(outcome.stderr.contains(message) && outcome.stderr.contains("ledger-recon verify"), "\(outcome)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "one line: \(outcome.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: box.root.path).filter { $0.contains("books.txt") }.isEmpty)
        }
    }

    @Test func helpNamesTheFormatsAndOptions() throws {
        let box = try Sandbox()
        let outcome = try box.run(["export", "--help"])
        #expect(outcome.status == 0, "\(outcome)")
        for text in ["ledger-recon export", "--format <hledger|beancount>", "--tenant", "--out <FILE>", "--db <PATH>"] {
            #expect(outcome.stdout.contains(text), "\(text): \(outcome)")
        }
        #expect(!FileManager.default.fileExists(atPath: box.db), "--help opens no database")
    }

    /// `--out` naming the ledger (directly, through a symlink or as its WAL) would rename a journal over the books.
    @Test(.enabled(if: TestBackend.isSQLite, "a PostgreSQL ledger is no file --out could name"))
    func outNeverReplacesTheLedger() throws {
        let box = try Sandbox()
        try Night.samples.run(in: box)
        let before = try box.ledgerState()
        try FileManager.default.createSymbolicLink(atPath: box.url("link.sqlite").path, withDestinationPath: box.db)
        for out in [box.db, "ledger.sqlite", "./link.sqlite", box.db + "-wal"] {
            let outcome = try box.run(["export", "--db", box.db, "--format", "hledger", "--out", out])
            #expect(outcome.status == 2, "\(out): \(outcome)")
            #expect(outcome.stderr.contains("is the ledger database"), "\(out): \(outcome)")
        }
        #expect(try box.ledgerState() == before)
        #expect(try box.run(["verify", "--db", box.db]).status == 0)
    }

    /// `--out` replaces the file whole, 0640 like every report (SPEC §6), and a failed export
    /// leaves what was there.
    @Test func outReplacesTheFileWholeAndPrivately() throws {
        let box = try Sandbox()
        try Night.samples.run(in: box)
        try box.write("books.journal", "old text\n")
        let outcome = try box.run(["export", "--db", box.db, "--format", "hledger", "--out", "books.journal"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("written to books.journal (hledger)"), "\(outcome)")
        let text = try box.read("books.journal")
        #expect(!text.contains("old text"))
        #expect(text.components(separatedBy: "\n20").count - 1 == 19, "one transaction per entry: 8 transfers and 11 openings")
        let attributes = try FileManager.default.attributesOfItem(atPath: box.url("books.journal").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.root.path).filter { $0.contains(".tmp-") }.isEmpty)
        let failed = try box.run(["export", "--db", box.db, "--format", "hledger", "--out", "no/such/dir/books.journal"])
        #expect(failed.status == 5, "\(failed)")
        #expect(failed.stderr.contains("no/such/dir"), "\(failed)")
    }
}

/// Balances read from a tool's report, by account (decoded from its name), in thousandths of a
/// minor unit's major unit: exact for every currency of the ledger (at most 3 decimals).
struct ToolBalances {
    /// User accounts: tenant, kind, asset, user (bytes) → balance as the tool shows it (credit-normal: negative).
    var users: [[UInt8]: Int128] = [:]
    /// Opening equity: tenant, kind, asset (bytes) → balance (debit: positive).
    var equity: [[UInt8]: Int128] = [:]

    mutating func add(account: ExportNames.Account, commodity: String, amount: String) throws {
        let value = try #require(Thousandths.parse(amount), "amount '\(amount)' of \(account)")
        if account.isSystem {
            equity[account.groupKey, default: 0] += value
        } else {
            #expect(users[account.key] == nil, "one line per account and commodity: \(account)")
            users[account.key] = value
        }
        #expect(!commodity.isEmpty)
    }

    /// Every user account of balances.csv has the negative of its closing balance in the tool
    /// (an account the tool omits has 0); the tool has no user account balances.csv lacks; and each
    /// tenant's opening equity holds what its users hold.
    func expectEqual(toClosingBalancesIn balances: CSVTable, tool: String) throws {
        try #require(!balances.rows.isEmpty, "balances.csv has accounts")
        var seen = Set<[UInt8]>()
        var groups: [[UInt8]: Int128] = [:]
        for record in balances.records {
            let account = ExportNames.Account(tenantID: record["tenant_id"]!, kind: record["kind"]!, asset: record["asset"]!,
                                              userID: record["user_id"]!)
            let closing = try #require(Thousandths.parse(record["closing_balance"]!), "closing balance of \(account)")
            #expect(-(users[account.key] ?? 0) == closing,
                    "\(tool): \(account) has \(users[account.key].map { "\(-$0)" } ?? "nothing") thousandths, balances.csv \(closing)")
            seen.insert(account.key)
            groups[account.groupKey, default: 0] += closing
        }
        #expect(Set(users.keys).subtracting(seen).isEmpty, "\(tool) has user accounts balances.csv does not")
        #expect(equity.filter { $0.value != 0 }.count == groups.filter { $0.value != 0 }.count, "\(tool): one opening equity per tenant and asset in use")
        for (group, total) in groups where total != 0 {
            #expect(equity[group] == total, "\(tool): opening equity of a group holds \(equity[group] ?? 0), its users \(total)")
        }
    }
}

/// A decimal text in thousandths (`-120.5` → -120500), exactly; nil when it is not a plain decimal
/// or has a non-zero fourth decimal. Never through Double.
enum Thousandths {
    static func parse(_ text: String) -> Int128? {
        var bytes = Substring(text.trimmingCharacters(in: .whitespaces))
        let negative = bytes.first == "-"
        if negative { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.dropFirst(3).allSatisfy({ $0 == "0" }), let whole = Int128(parts[0]),
              let thousandths = Int128(String(fraction.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0))
        else { return nil }
        let value = whole * 1000 + thousandths
        return negative ? -value : value
    }
}

/// The README's reversal of the export's account names, written independently of the product.
enum ExportNames {
    struct Account: CustomStringConvertible {
        var tenantID: String
        var kind: String
        var asset: String
        /// Empty for opening equity (the system account).
        var userID: String

        var isSystem: Bool { userID.isEmpty }
        /// Bytes, never `String` equality: `josé` composed and decomposed are two users.
        var key: [UInt8] { Array([tenantID, kind, asset, userID].joined(separator: "\u{0}").utf8) }
        var groupKey: [UInt8] { Array([tenantID, kind, asset].joined(separator: "\u{0}").utf8) }
        var description: String { "\(kind) \(asset) of '\(userID)' in '\(tenantID)'" }
    }

    /// `liabilities:<T>:wallet|points:<asset>:<U>` or `equity:<T>:opening:<CUR>` /
    /// `equity:<T>:opening:points:<P>`, each id percent-encoded.
    static func hledgerAccount(_ name: String) throws -> Account {
        let parts = try name.split(separator: ":", omittingEmptySubsequences: false).map { try percentDecoded(String($0), marker: "%") }
        switch (parts.first, parts.count) {
        case ("liabilities", 5) where parts[2] == "wallet" || parts[2] == "points":
            return Account(tenantID: parts[1], kind: parts[2], asset: parts[3], userID: parts[4])
        case ("equity", 4) where parts[2] == "opening":
            return Account(tenantID: parts[1], kind: "wallet", asset: parts[3], userID: "")
        case ("equity", 5) where parts[2] == "opening" && parts[3] == "points":
            return Account(tenantID: parts[1], kind: "points", asset: parts[4], userID: "")
        default:
            throw ExportNameError.unexpected(name)
        }
    }

    /// `Liabilities:T…:Wallet:<CUR>:U…`, `Liabilities:T…:Points:P…:U…`, `Equity:T…:Opening:<CUR>`,
    /// `Equity:T…:Opening:Points:P…`: an id is a role letter, then its bytes with `-HH` escapes.
    static func beancountAccount(_ name: String) throws -> Account {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func id(_ component: String, role: Character) throws -> String {
            guard component.first == role else { throw ExportNameError.unexpected(name) }
            return try percentDecoded(String(component.dropFirst()), marker: "-")
        }
        switch (parts.first, parts.count) {
        case ("Liabilities", 5) where parts[2] == "Wallet":
            return Account(tenantID: try id(parts[1], role: "T"), kind: "wallet", asset: parts[3], userID: try id(parts[4], role: "U"))
        case ("Liabilities", 5) where parts[2] == "Points":
            return Account(tenantID: try id(parts[1], role: "T"), kind: "points", asset: try id(parts[3], role: "P"),
                           userID: try id(parts[4], role: "U"))
        case ("Equity", 4) where parts[2] == "Opening":
            return Account(tenantID: try id(parts[1], role: "T"), kind: "wallet", asset: parts[3], userID: "")
        case ("Equity", 5) where parts[2] == "Opening" && parts[3] == "Points":
            return Account(tenantID: try id(parts[1], role: "T"), kind: "points", asset: try id(parts[4], role: "P"), userID: "")
        default:
            throw ExportNameError.unexpected(name)
        }
    }

    /// Replaces each `<marker>HH` with the byte HH; the result must be UTF-8.
    static func percentDecoded(_ text: String, marker: Character) throws -> String {
        let marker = UInt8(ascii: marker.unicodeScalars.first!)
        let bytes = Array(text.utf8)
        var decoded: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == marker {
                guard index + 2 < bytes.count, let byte = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16)
                else { throw ExportNameError.badEscape(text) }
                decoded.append(byte)
                index += 3
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        guard let result = String(validating: decoded, as: UTF8.self) else { throw ExportNameError.badEscape(text) }
        return result
    }
}

enum ExportNameError: Error, CustomStringConvertible {
    case unexpected(String)
    case badEscape(String)

    var description: String {
        switch self {
        case .unexpected(let name): "account name '\(name)' is not one the export's mapping produces"
        case .badEscape(let text): "'\(text)' has an escape that is not two hex digits or decodes to invalid UTF-8"
        }
    }
}
