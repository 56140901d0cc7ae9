import Foundation
import Testing

/// The per-tenant hash chain (SPEC §7 "Tamper evidence", issue 11): a ledger edited by SQL —
/// the append-only triggers dropped first — in each of the ways a reliability campaign found that
/// `verify` passed, and more, is named by `verify` as a `hash_chain` break, and exits 1.
struct HashChainTests {
    /// The triggers that keep history append-only; a tamperer with the file drops them.
    static let dropTriggers = """
        DROP TRIGGER IF EXISTS transfers_append_only_update; DROP TRIGGER IF EXISTS transfers_append_only_delete;
        DROP TRIGGER IF EXISTS transfer_texts_append_only_update; DROP TRIGGER IF EXISTS transfer_texts_append_only_delete;
        DROP TRIGGER IF EXISTS tenant_changes_append_only_update; DROP TRIGGER IF EXISTS tenant_changes_append_only_delete;
        """

    // Rows of the sample night, by what a person knows of them.
    static let firstTransfer = "(SELECT id FROM transfers WHERE idempotency_key = 'ik_20261120_0001')"
    static let liWei = "(SELECT id FROM accounts WHERE user_id = 'usr_li_wei' AND kind = 'wallet')"
    static let wangFang = "(SELECT id FROM accounts WHERE user_id = 'usr_wang_fang' AND kind = 'wallet')"
    static let zhangMin = "(SELECT id FROM accounts WHERE user_id = 'usr_zhang_min' AND kind = 'wallet')"
    static let wangFangPoints = "(SELECT id FROM accounts WHERE user_id = 'usr_wang_fang' AND kind = 'points')"
    static let shTea = "(SELECT id FROM tenants WHERE tenant_id = 'tnt_sh_tea')"

    /// One way to tamper with the sample night's ledger: the SQL, the tenant whose chain must
    /// break, and what the break's detail must say (`{T1}`: the id of the night's first transfer).
    struct Tampering: CustomTestStringConvertible, Sendable {
        var name: String
        var sql: String
        var tenant = "tnt_sh_tea"
        var detail: String
        /// True when every other check still passes: only the chain sees it.
        var onlyTheChainSees = false
        /// The same edit in PostgreSQL's SQL, where SQLite's differs (its functions, its implicit row ids).
        var postgresSQL: String?

        var testDescription: String { name }

        func sql(for backend: TestBackend) -> String { backend == .postgresql ? postgresSQL ?? sql : sql }
    }

    /// Runs `sql` on the sandbox's ledger as a tamperer would: past the append-only triggers
    /// (SQLite: dropped first; PostgreSQL: not fired), in one transaction.
    static func tamper(_ box: Sandbox, _ sql: String) throws {
        try box.tamper(sql)
    }

    static let tamperings: [Tampering] = [
        // The 16 ways.
        Tampering(name: "a forged balancing transfer: entry, both legs and stored state", sql: """
            INSERT INTO transfers (tenant, entry_type, debit_account, credit_account, amount, debit_sequence, debit_balance_after,
                                   credit_sequence, credit_balance_after, created_at, ulid, idempotency_key, fingerprint, run,
                                   input_file, line, chain_hash)
                SELECT t.tenant, 'transfer', \(liWei), \(wangFang), 1000, d.last_sequence + 1, d.balance - 1000,
                       c.last_sequence + 1, c.balance + 1000, t.created_at + 1, randomblob(16), 'ik_forged', t.fingerprint, t.run,
                       t.input_file, t.line, t.chain_hash
                FROM transfers t, account_balances d, account_balances c WHERE t.id = \(firstTransfer) AND d.id = \(liWei) AND c.id = \(wangFang);
            UPDATE account_balances SET balance = balance - 1000, last_sequence = last_sequence + 1, version = version + 1,
                                        posted_debits = posted_debits + 1000 WHERE id = \(liWei);
            UPDATE account_balances SET balance = balance + 1000, last_sequence = last_sequence + 1, version = version + 1,
                                        posted_credits = posted_credits + 1000 WHERE id = \(wangFang);
            """, detail: "does not hold", onlyTheChainSees: true, postgresSQL: """
            INSERT INTO transfers (tenant, id, entry_type, debit_account, credit_account, amount, debit_sequence, debit_balance_after,
                                   credit_sequence, credit_balance_after, created_at, ulid, idempotency_key, fingerprint, run,
                                   input_file, line, chain_hash)
                SELECT t.tenant, (SELECT MAX(id) + 1 FROM transfers), 'transfer', \(liWei), \(wangFang), 1000, d.last_sequence + 1,
                       d.balance - 1000, c.last_sequence + 1, c.balance + 1000, t.created_at + 1, decode(md5(random()::text), 'hex'),
                       'ik_forged', t.fingerprint, t.run, t.input_file, t.line, t.chain_hash
                FROM transfers t, account_balances d, account_balances c WHERE t.id = \(firstTransfer) AND d.id = \(liWei) AND c.id = \(wangFang);
            UPDATE account_balances SET balance = balance - 1000, last_sequence = last_sequence + 1, version = version + 1,
                                        posted_debits = posted_debits + 1000 WHERE id = \(liWei);
            UPDATE account_balances SET balance = balance + 1000, last_sequence = last_sequence + 1, version = version + 1,
                                        posted_credits = posted_credits + 1000 WHERE id = \(wangFang);
            """),
        Tampering(name: "a consistent rewrite of history: 120.50 → 20.50, both balance chains re-based", sql: """
            UPDATE transfers SET debit_balance_after = debit_balance_after + 10000 WHERE debit_account = \(liWei) AND id >= \(firstTransfer);
            UPDATE transfers SET credit_balance_after = credit_balance_after + 10000 WHERE credit_account = \(liWei) AND id >= \(firstTransfer);
            UPDATE transfers SET debit_balance_after = debit_balance_after - 10000 WHERE debit_account = \(wangFang) AND id >= \(firstTransfer);
            UPDATE transfers SET credit_balance_after = credit_balance_after - 10000 WHERE credit_account = \(wangFang) AND id >= \(firstTransfer);
            UPDATE transfers SET amount = 2050 WHERE id = \(firstTransfer);
            UPDATE account_balances SET balance = balance + 10000, posted_debits = posted_debits - 10000 WHERE id = \(liWei);
            UPDATE account_balances SET balance = balance - 10000, posted_credits = posted_credits - 10000 WHERE id = \(wangFang);
            """, detail: "entry {T1}", onlyTheChainSees: true),
        Tampering(name: "an entry's amount", sql: "UPDATE transfers SET amount = amount + 1 WHERE id = \(firstTransfer)",
                  detail: "entry {T1}"),
        Tampering(name: "an entry's receiver", sql: "UPDATE transfers SET credit_account = \(zhangMin) WHERE id = \(firstTransfer)",
                  detail: "entry {T1}"),
        Tampering(name: "an entry's text", sql: "UPDATE transfers SET description = '房租' WHERE id = \(firstTransfer)",
                  detail: "entry {T1}", onlyTheChainSees: true,
                  postgresSQL: "UPDATE transfer_texts SET description = '房租' WHERE transfer = \(firstTransfer)"),
        Tampering(name: "an entry's fingerprint", sql: "UPDATE transfers SET fingerprint = zeroblob(32) WHERE id = \(firstTransfer)",
                  detail: "entry {T1}", onlyTheChainSees: true,
                  postgresSQL: "UPDATE transfers SET fingerprint = decode(repeat('00', 32), 'hex') WHERE id = \(firstTransfer)"),
        Tampering(name: "an entry's record type", sql: "UPDATE transfers SET entry_type = 'opening' WHERE id = \(firstTransfer)",
                  detail: "does not hold"),
        Tampering(name: "an entry's time", sql: "UPDATE transfers SET created_at = created_at - 86400000 WHERE id = \(firstTransfer)",
                  detail: "entry {T1}", onlyTheChainSees: true),
        Tampering(name: "an account's status", sql: "UPDATE account_balances SET status = 'active' WHERE id = "
                  + "(SELECT id FROM accounts WHERE user_id = 'usr_chen_jie' AND kind = 'wallet')",
                  detail: "status is active, but its chain gives frozen", onlyTheChainSees: true),
        Tampering(name: "an account's frozen balance", sql: "UPDATE account_balances SET frozen_balance = 0 WHERE id = \(liWei)",
                  detail: "frozen_balance is 0, but its chain gives 10000", onlyTheChainSees: true),
        Tampering(name: "an account's opening balance", sql: "UPDATE accounts SET opened_balance = opened_balance + 100 WHERE id = \(liWei)",
                  detail: "the opening of account", onlyTheChainSees: true),
        Tampering(name: "an account's user id: the money belongs to usr_mallory",
                  sql: "UPDATE accounts SET user_id = 'usr_mallory' WHERE id = \(liWei)", detail: "the opening of account",
                  onlyTheChainSees: true),
        Tampering(name: "a tenant's settings", sql: "UPDATE tenants SET exchange_rate = 1 WHERE id = \(shTea)",
                  detail: "exchange_rate is '1', but its last settings link (the chain) says '100'", onlyTheChainSees: true),
        Tampering(name: "a tenant's transfer switch", sql: "UPDATE tenants SET transfer_enabled = 1 WHERE tenant_id = 'tnt_beta_club'",
                  tenant: "tnt_beta_club", detail: "transfer_enabled", onlyTheChainSees: true,
                  postgresSQL: "UPDATE tenants SET transfer_enabled = true WHERE tenant_id = 'tnt_beta_club'"),
        Tampering(name: "a runs row's recorded heads", sql: """
            UPDATE runs SET heads_after = replace(heads_after, (SELECT lower(hex(hash)) FROM chain_heads WHERE tenant = \(shTea)),
                                                  '00000000000000000000000000000000000000000000000000000000000000ff')
            """, detail: "which the chain does not pass through", onlyTheChainSees: true, postgresSQL: """
            UPDATE runs SET heads_after = replace(heads_after, (SELECT encode(hash, 'hex') FROM chain_heads WHERE tenant = \(shTea)),
                                                  '00000000000000000000000000000000000000000000000000000000000000ff')
            """),
        Tampering(name: "an entry's idempotency key", sql: "UPDATE transfers SET idempotency_key = 'ik_edited' WHERE id = \(firstTransfer)",
                  detail: "entry {T1}", onlyTheChainSees: true),
        // And more.
        Tampering(name: "a deleted entry", sql: """
            DELETE FROM transfer_texts WHERE transfer = \(firstTransfer);
            DELETE FROM transfers WHERE id = \(firstTransfer);
            """, detail: "does not hold"),
        Tampering(name: "the last entry deleted", sql: """
            DELETE FROM transfers WHERE id = (SELECT MAX(id) FROM transfers WHERE tenant = \(shTea));
            """, detail: "the stored chain head"),
        Tampering(name: "two entries swapped", sql: """
            CREATE TEMP TABLE swap AS SELECT \(firstTransfer) AS a,
                (SELECT MIN(id) FROM transfers WHERE tenant = \(shTea) AND id > \(firstTransfer)) AS b;
            UPDATE transfers SET id = -1 WHERE id = (SELECT a FROM swap);
            UPDATE transfers SET id = (SELECT a FROM swap) WHERE id = (SELECT b FROM swap);
            UPDATE transfers SET id = (SELECT b FROM swap) WHERE id = -1;
            """, detail: "does not hold"),
        Tampering(name: "an entry moved to another tenant", sql: """
            UPDATE transfers SET tenant = (SELECT id FROM tenants WHERE tenant_id = 'tnt_beta_club') WHERE id = \(firstTransfer)
            """, detail: "does not hold"),
        Tampering(name: "a tenant's settings change deleted", sql: "DELETE FROM tenant_changes WHERE tenant = \(shTea)",
                  detail: "(link 1) does not hold"),
        Tampering(name: "an account's balance and posted totals", sql: """
            UPDATE account_balances SET balance = balance + 500, posted_credits = posted_credits + 500 WHERE id = \(wangFang)
            """, detail: "balance is"),
        Tampering(name: "a points account's counters", sql: """
            UPDATE account_balances SET total_earned = total_earned + 7, expired_points = expired_points + 7 WHERE id = \(wangFangPoints)
            """, detail: "total_earned", onlyTheChainSees: true),
        Tampering(name: "an account added by hand", sql: """
            INSERT INTO accounts (account_id, tenant, kind, asset, user_id, is_system, application_id, opened_balance,
                                  opened_frozen_balance, opened_status, opened_application_id, opened_total_earned,
                                  opened_total_spent, opened_expired_points, opened_from, created_at)
                VALUES ('wlt_forged', \(shTea), 'wallet', 'CNY', 'usr_mallory', 0, '', 0, 0, 'active', '', 0, 0, 0, '', 0);
            INSERT INTO account_balances (id, status, balance, frozen_balance, version, last_sequence, updated_at)
                VALUES (last_insert_rowid(), 'active', 0, 0, 1, 0, 0);
            """, detail: "has no link in the chain", onlyTheChainSees: true, postgresSQL: """
            CREATE TEMP TABLE forged AS SELECT \(shTea) AS tenant, (SELECT MAX(id) + 1 FROM accounts) AS id;
            INSERT INTO accounts (tenant, id, account_id, kind, asset, user_id, is_system, application_id, opened_balance,
                                  opened_frozen_balance, opened_status, opened_application_id, opened_total_earned,
                                  opened_total_spent, opened_expired_points, opened_from, created_at)
                SELECT tenant, id, 'wlt_forged', 'wallet', 'CNY', 'usr_mallory', false, '', 0, 0, 'active', '', 0, 0, 0, '', 0 FROM forged;
            INSERT INTO account_balances (tenant, id, status, balance, frozen_balance, version, last_sequence, updated_at)
                SELECT tenant, id, 'active', 0, 0, 1, 0, 0 FROM forged;
            """),
    ]

    /// The sample night, its first transfer's id, and the ledger tampered with by `sql`.
    static func tamperedNight(_ sql: String, box: Sandbox) throws -> String {
        try box.copySamples()
        let night = try box.runNight()
        try #require(night.status == 0, "\(night)")
        let results = try box.report("results.csv")
        let firstTransfer = try #require(results.records.first { $0["idempotency_key"] == "ik_20261120_0001" }?["transfer_id"])
        try tamper(box, sql)
        return firstTransfer
    }

    @Test func anUntouchedLedgersChainsHold() throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight().status == 0)
        #expect(try box.runNight().status == 0, "a second night over the same ledger")
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "\(verify)")
        let summary = try box.summary(in: box.reportDirectory(printedBy: verify))
        #expect(summary.checks["hash_chain"]?.status == "pass", "\(summary.json)")
        let names = (summary.json["checks"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.last == "hash_chain", "after the ledger checks: \(names)")
    }

    @Test(arguments: tamperings)
    func verifyNamesTheTamperingAsAHashChainBreak(_ tampering: Tampering) throws {
        let box = try Sandbox()
        let firstTransfer = try Self.tamperedNight(tampering.sql(for: box.backend), box: box)
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 1, "\(verify)")
        let directory = try box.reportDirectory(printedBy: verify)
        let summary = try box.summary(in: directory)
        #expect(summary.checks["hash_chain"]?.status == "fail", "\(summary.json)")
        let breaks = try box.report("breaks.csv", in: directory).records.filter { $0["check"] == "hash_chain" }
        let tenantBreaks = breaks.filter { $0["tenant_id"] == tampering.tenant }
        #expect(tenantBreaks.count == 1, "one break per tenant: \(breaks)")
        let detail = tampering.detail.replacingOccurrences(of: "{T1}", with: firstTransfer)
        #expect(tenantBreaks.first?["detail"]?.contains(detail) == true, "\(detail) in \(breaks)")
        if tampering.onlyTheChainSees {
            let failed = summary.checks.filter { $0.value.status != "pass" }.map(\.key)
            #expect(failed == ["hash_chain"], "only the chain sees it: \(failed)")
        }
    }

    /// The campaign's worst find: an edited key made the next re-run apply the same transfer a
    /// second time. The re-run still does (the key is gone), but `verify` names the edited entry.
    @Test func anEditedKeyThatLetARerunPayTwiceIsFound() throws {
        let box = try Sandbox()
        let firstTransfer = try Self.tamperedNight(
            "UPDATE transfers SET idempotency_key = 'ik_edited' WHERE id = \(Self.firstTransfer)", box: box)
        let before = try box.transferEntries()
        let rerun = try box.runNight()
        #expect(try box.transferEntries() == before + 1, "the re-run applied ik_20261120_0001 again: \(rerun)")
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 1, "\(verify)")
        let breaks = try box.report("breaks.csv", in: box.reportDirectory(printedBy: verify)).records
            .filter { $0["check"] == "hash_chain" && $0["tenant_id"] == "tnt_sh_tea" }
        #expect(breaks.count == 1 && breaks[0]["detail"]?.contains("entry \(firstTransfer)") == true, "\(breaks)")
    }

    // MARK: Heads

    @Test func eachRunRecordsEveryTenantsHeadBeforeAndAfterIt() throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight().status == 0)
        let first = try box.summary()
        let heads = try #require(first.json["chain_heads"] as? [String: Any], "\(first.json)")
        #expect((heads["before"] as? [Any])?.isEmpty == true, "a new ledger has no heads before its first run")
        let after = try #require(heads["after"] as? [[String: Any]])
        #expect(after.compactMap { $0["tenant_id"] as? String } == ["tnt_beta_club", "tnt_sh_tea", "tnt_tokyo_books"])
        for head in after {
            #expect((head["hash"] as? String)?.count == 64 && (head["links"] as? Int ?? 0) > 0, "\(head)")
        }
        // The same night again applies nothing: the heads stay; the runs table has them too.
        #expect(try box.runNight().status == 0)
        let second = try #require(try box.summary().json["chain_heads"] as? [String: Any])
        #expect(NSArray(array: second["before"] as? [Any] ?? []) == NSArray(array: after))
        #expect(NSArray(array: second["after"] as? [Any] ?? []) == NSArray(array: after))
        let recorded = zip(try box.strings("SELECT heads_before FROM runs ORDER BY id"),
                           try box.strings("SELECT heads_after FROM runs ORDER BY id")).map { [$0, $1] }
        #expect(recorded.count == 2 && recorded[0][0] == "[]" && recorded[0][1] == recorded[1][0] && recorded[1][0] == recorded[1][1],
                "\(recorded)")
        // manifest.json carries the heads after the run, with their link numbers.
        let manifest = try ReportManifestTests.manifest(in: box.latestRunDirectory())
        let ledgerHeads = try #require(manifest["ledger_heads"] as? [String: [String: Any]])
        for head in after {
            let tenant = try #require(head["tenant_id"] as? String)
            #expect(ledgerHeads[tenant]?["hash"] as? String == head["hash"] as? String)
            #expect(ledgerHeads[tenant]?["links"] as? Int == head["links"] as? Int)
        }
    }

    /// An auditor holding last night's report set: `verify --report DIR --db` says whether the
    /// ledger still passes through the heads the set names, even after a rewrite that keeps the
    /// ledger's own chains whole (the last entry deleted, the head and the runs table rewound).
    @Test func aReportSetChecksTheLedgerStillPassesThroughItsHeads() throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight().status == 0)
        let set = try box.latestRunDirectory()
        let intact = try box.run(["verify", "--report", set.path, "--db", box.db])
        #expect(intact.status == 0, "\(intact)")
        #expect(intact.stdout.contains("3 of 3 chain heads are links of its chains"), "\(intact)")

        // Rewrite tnt_sh_tea's history so its own chain still holds: drop its last entry (a
        // transfer) and undo its legs on both accounts, put the link before it back as the head,
        // and forget what the runs recorded.
        try Self.tamper(box, """
                CREATE TEMP TABLE gone AS SELECT * FROM transfers WHERE id = (SELECT MAX(id) FROM transfers WHERE tenant = \(Self.shTea));
                UPDATE account_balances SET balance = balance + (SELECT amount FROM gone), last_sequence = last_sequence - 1,
                    version = version - 1, posted_debits = posted_debits - (SELECT amount FROM gone)
                    WHERE id = (SELECT debit_account FROM gone);
                UPDATE account_balances SET balance = balance - (SELECT amount FROM gone), last_sequence = last_sequence - 1,
                    version = version - 1, posted_credits = posted_credits - (SELECT amount FROM gone)
                    WHERE id = (SELECT credit_account FROM gone);
                DELETE FROM transfer_texts WHERE transfer = (SELECT id FROM gone);
                DELETE FROM transfers WHERE id = (SELECT id FROM gone);
                UPDATE chain_heads SET links = links - 1,
                    hash = (SELECT chain_hash FROM transfers WHERE id = (SELECT MAX(id) FROM transfers WHERE tenant = \(Self.shTea)))
                    WHERE tenant = \(Self.shTea);
                UPDATE runs SET heads_before = NULL, heads_after = NULL;
                """)
        let verify = try box.run(["verify", "--db", box.db])
        let chain = try box.summary(in: box.reportDirectory(printedBy: verify)).checks["hash_chain"]
        #expect(chain?.status == "pass", "a rewrite of the whole chain passes verify on its own: \(verify)")
        let checked = try box.run(["verify", "--report", set.path, "--db", box.db])
        #expect(checked.status == 1, "\(checked)")
        let problems = ReportManifestTests.problems(checked)
        #expect(problems.count == 1 && problems[0].contains("tenant tnt_sh_tea") && problems[0].contains("does not pass through"),
                "\(checked)")
    }

    @Test func aTamperedLedgerFailsTheReportSetsHeadCheck() throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight().status == 0)
        let set = try box.latestRunDirectory()
        try Self.tamper(box, "UPDATE transfers SET amount = amount + 1 WHERE id = \(Self.firstTransfer)")
        let checked = try box.run(["verify", "--report", set.path, "--db", box.db])
        #expect(checked.status == 1, "\(checked)")
        let problems = ReportManifestTests.problems(checked)
        #expect(problems.count == 1 && problems[0].contains("tenant tnt_sh_tea") && problems[0].contains("breaks at link"), "\(checked)")
    }
}
