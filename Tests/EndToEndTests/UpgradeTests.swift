import Foundation
import GRDB
import Testing

/// A ledger written by release 0.7.0 (schema v2: entries + postings) opens, upgrades in place to
/// the compact schema and keeps every balance, record, id, key and query answer (issue 8).
///
/// Fixtures/v2-ledger/ was made with that release (built from commit 2210365) from samples/ plus
/// `night2.csv` (a duplicate, a rejection, points, a keyless row, a JPY transfer): the ledger as
/// `sqlite3 .dump` text (`ledger-0.7.0.sql`: no database file is committed), and that binary's
/// `transactions` / `accounts` JSON and `verify` balances.csv / trial_balance.csv.
@Suite(.enabled(if: TestBackend.isSQLite, "a 0.7.0 ledger is an SQLite file"))
struct UpgradeTests {
    static let fixtures = Product.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/v2-ledger")
    static let histories = [
        ("tnt_sh_tea", "usr_li_wei", "points"), ("tnt_sh_tea", "usr_li_wei", "wallet"),
        ("tnt_sh_tea", "usr_wang_fang", "wallet"), ("tnt_sh_tea", "usr_zhang_min", "wallet"),
        ("tnt_tokyo_books", "usr_sato", "wallet"), ("tnt_tokyo_books", "usr_suzuki", "points"),
    ]

    /// A sandbox holding a copy of the v2 ledger (as `ledger.sqlite`), the samples and night2.csv.
    func sandboxWithV2Ledger() throws -> Sandbox {
        let box = try Sandbox()
        try box.copySamples()
        // The file 0.7.0 wrote, rebuilt row for row from its dump.
        let dump = try fixture("ledger-0.7.0.sql")
        try DatabaseQueue(path: box.db).writeWithoutTransaction { try $0.execute(sql: dump) }
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("night2.csv"), to: box.url("night2.csv"))
        return box
    }

    /// JSON text without the line that holds the response's own `timestamp`.
    func withoutTimestamp(_ text: String) -> String {
        text.split(separator: "\n").filter { !$0.contains("\"timestamp\"") }.joined(separator: "\n")
    }

    func fixture(_ name: String) throws -> String {
        try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    func tableExists(_ box: Sandbox, _ name: String) throws -> Bool {
        try box.database().read { try $0.tableExists(name) }
    }

    @Test func aV2LedgerUpgradesInPlaceWithIdenticalAnswers() throws {
        let box = try sandboxWithV2Ledger()
        // Read-only commands never write, so they do not upgrade: they say what does.
        let query = try box.run(["transactions", "--db", box.db, "--tenant", "tnt_sh_tea", "--user", "usr_li_wei"])
        #expect(query.status == 2 && query.stderr.contains("earlier release"), "\(query)")
        // Nor does a dry run, which leaves nothing durable.
        let dry = try box.run(["run", "--db", box.db, "--tenants", "tenants.csv", "--dry-run"], createLedger: false)
        #expect(dry.status == 2 && dry.stderr.contains("earlier release"), "\(dry)")
        #expect(!(try tableExists(box, "transfers")) && !FileManager.default.fileExists(atPath: box.db + ".v2-backup"))

        let upgrade = try box.run(["run", "--db", box.db, "--tenants", "tenants.csv"], createLedger: false)
        #expect(upgrade.status == 0, "\(upgrade)")
        #expect(!FileManager.default.fileExists(atPath: box.db + ".v2-backup"), "the copy goes once every check passed")
        #expect(try tableExists(box, "transfers") && !(try tableExists(box, "entries")) && !(try tableExists(box, "postings")))

        for (tenant, user, kind) in Self.histories {
            let listed = try box.run(["transactions", "--db", box.db, "--tenant", tenant, "--user", user, "--kind", kind])
            #expect(listed.status == 0, "\(listed)")
            #expect(withoutTimestamp(listed.stdout) == withoutTimestamp(try fixture("transactions-\(tenant)-\(user)-\(kind).json")),
                    "\(tenant) \(user) \(kind)")
        }
        for tenant in ["tnt_sh_tea", "tnt_tokyo_books"] {
            let listed = try box.run(["accounts", "--db", box.db, "--tenant", tenant])
            #expect(withoutTimestamp(listed.stdout) == withoutTimestamp(try fixture("accounts-\(tenant).json")), "\(tenant)")
        }
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "\(verify)")
        let reports = try box.reportDirectory(printedBy: verify)
        for name in ["balances.csv", "trial_balance.csv"] {
            #expect(try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8) == (try fixture(name)), "\(name)")
        }

        // The recorded decisions carry over: night 2 again replays them, and no key pays twice.
        let again = try box.run(["run", "--db", box.db, "--transfers", "night2.csv"], createLedger: false)
        #expect(again.status == 0, "\(again)")
        let results = try box.report("results.csv")
        #expect(try results.column("status") == ["duplicate", "rejected", "duplicate", "duplicate", "duplicate"])
        #expect(try results.column("code")[1] == "insufficient_balance")
        #expect(try results.column("message")[1].contains("decided by run 20261122T003627Z-f827"), "\(results)")
    }

    @Test func idsThatDoNotFollowTheRuleAreKept() throws {
        let box = try sandboxWithV2Ledger()
        // A v2 record id that is not its transfer's ULID + 1 (v2 read the clock for every id).
        let odd = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
        let queue = try DatabaseQueue(path: box.db)
        let original = try queue.write { db -> String in
            try db.execute(sql: "DROP TRIGGER postings_append_only_update")
            let id = try String.fetchOne(db, sql: """
                SELECT p.record_id FROM postings p JOIN accounts a ON a.id = p.account_id
                WHERE a.user_id = 'usr_li_wei' AND a.kind = 'points' AND p.record_type = 'spend'
                """) ?? ""
            try db.execute(sql: "UPDATE postings SET record_id = ? WHERE record_id = ?", arguments: [odd, id])
            try db.execute(sql: "UPDATE postings SET related_id = ? WHERE related_id = ?", arguments: [odd, id])
            return id
        }
        try queue.close()
        #expect(original.count == 26)
        let upgrade = try box.run(["run", "--db", box.db, "--tenants", "tenants.csv"], createLedger: false)
        #expect(upgrade.status == 0, "\(upgrade)")
        #expect(try box.count("SELECT COUNT(*) FROM transfer_legacy_ids") == 1)
        let sender = try box.run(["transactions", "--db", box.db, "--tenant", "tnt_sh_tea", "--user", "usr_li_wei", "--type", "spend"])
        #expect(sender.stdout.contains("\"id\" : \"\(odd)\""), "\(sender)")
        let receiver = try box.run(["transactions", "--db", box.db, "--tenant", "tnt_sh_tea", "--user", "usr_wang_fang", "--type", "earn"])
        #expect(receiver.stdout.contains("\"related_id\" : \"\(odd)\""), "\(receiver)")
    }

    @Test func anUpgradeThatDoesNotVerifyKeepsTheCopy() throws {
        let box = try sandboxWithV2Ledger()
        let queue = try DatabaseQueue(path: box.db)
        try queue.write { db in
            try db.execute(sql: "UPDATE account_balances SET balance = balance + 1 WHERE id = (SELECT MAX(id) FROM account_balances)")
        }
        try queue.close()
        let upgrade = try box.run(["run", "--db", box.db, "--tenants", "tenants.csv"], createLedger: false)
        #expect(upgrade.status == 2, "\(upgrade)")
        #expect(upgrade.stderr.contains(".v2-backup") && upgrade.stderr.contains("verify"), "\(upgrade)")
        #expect(FileManager.default.fileExists(atPath: box.db + ".v2-backup"))
        let permissions = try FileManager.default.attributesOfItem(atPath: box.db + ".v2-backup")[.posixPermissions] as? Int
        #expect(permissions == 0o600, "the copy is money data too")
        // Until someone looks, every writing open checks again and refuses; verify shows why.
        let next = try box.run(["run", "--db", box.db, "--tenants", "tenants.csv"], createLedger: false)
        #expect(next.status == 2, "\(next)")
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 1 && verify.stdout.contains("account_matches_postings"), "\(verify)")
    }
}
