import Foundation
import LedgerCore
import LedgerStore
import LedgerStorage
import LedgerTestSupport
import Testing

/// Random nights through the real `LedgerEngine` (every backend), compared row by row and balance by balance with
/// `LedgerReferenceModel`, then every ledger invariant read back from the database by SQL.
///
/// Each run prints its seed; `LEDGER_PROPERTY_SEED=<seed> swift test --filter LedgerPropertyTests`
/// repeats exactly the same cases. Every failure message names the seed and the case.
struct LedgerPropertyTests {
    /// Cases per test: enough to cover every branch many times, few enough to run in seconds.
    static let cases = 6

    /// The seed of this test process: `LEDGER_PROPERTY_SEED` when set, else a fresh one.
    static let seed: UInt64 = {
        let given = ProcessInfo.processInfo.environment["LEDGER_PROPERTY_SEED"].flatMap { UInt64($0) }
        let seed = given ?? UInt64.random(in: 0...UInt64.max)
        print("LedgerPropertyTests: seed \(seed)\(given == nil ? "" : " (from LEDGER_PROPERTY_SEED)"); "
              + "reproduce with LEDGER_PROPERTY_SEED=\(seed)")
        return seed
    }()

    @Test(arguments: StoreBackend.all + [.sqliteDeferringCommits])
    func randomNightsMatchTheReferenceModel(_ backend: StoreBackend) throws {
        var seeds = SplitMix64(seed: Self.seed)
        var exercised: [String: Int] = [:]
        for number in 0..<Self.cases {
            var night = RandomNight(seed: seeds.next(), label: "LEDGER_PROPERTY_SEED=\(Self.seed) case \(number) on \(backend.name)",
                                    universe: .mixed, backend: backend)
            try night.check()
            exercised.merge(night.model.exercised, uniquingKeysWith: +)
        }
        print("LedgerPropertyTests seed \(Self.seed): " + exercised.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", "))
        // A generator that never reached a rule would let that rule go untested, silently.
        let missing = Self.rules.filter { exercised[$0] == nil }
        #expect(missing.isEmpty, "LEDGER_PROPERTY_SEED=\(Self.seed): no row exercised \(missing)")
    }

    /// Every rule of the model, as it names them; each must decide some row in every run.
    static let rules = [
        "invalid_request: missing value", "invalid_request: kind", "invalid_request: currency",
        "invalid_request: points currency", "invalid_request: self-transfer", "invalid_request: reason length",
        "invalid_request: key length", "invalid_request: timestamp", "invalid_amount: text", "duplicate: derived key",
        "duplicate: given key", "idempotency_conflict", "not_found: tenant", "not_found: account", "transfer_disabled",
        "account_inactive", "insufficient_balance", "insufficient_balance: frozen part", "invalid_amount: receiver overflow",
        "applied: keyed", "applied: keyless", "applied: repeated keyless row", "applied: Int64-scale amount",
    ]

    /// Canonically equivalent but different ids (`t_café` composed and decomposed, `josé` and
    /// `jose` + U+0301) are different tenants and users (SPEC §2): nothing may join them.
    @Test(arguments: StoreBackend.all)
    func canonicallyEquivalentIdsStayApart(_ backend: StoreBackend) throws {
        var seeds = SplitMix64(seed: Self.seed ^ 0x5EED_0F_1D5)
        for number in 0..<2 {
            var night = RandomNight(seed: seeds.next(), label: "LEDGER_PROPERTY_SEED=\(Self.seed) look-alike case \(number) on \(backend.name)",
                                    universe: .lookAlikes, backend: backend)
            try night.check()
        }
    }
}

extension LedgerPropertyTests {
    /// The tenants and users one kind of night draws from.
    struct NightUniverse {
        struct TenantSpec {
            var id: String
            var transferEnabled: Bool
            var currency: String
            var pointsType: String
        }

        var tenants: [TenantSpec]
        var users: [String]
        /// A wallet opened with a balance near Int64.max / 2, so amounts at Int64 scale move.
        var richWallet: (tenant: String, user: String)?
        /// A second wallet currency some users hold beside the tenant's.
        var extraCurrency = "HKD"

        static let mixed = NightUniverse(
            tenants: [
                TenantSpec(id: "t1", transferEnabled: true, currency: "CNY", pointsType: "cash_equivalent"),
                TenantSpec(id: "t2", transferEnabled: false, currency: "USD", pointsType: "miles"),
                TenantSpec(id: "t3", transferEnabled: true, currency: "JPY", pointsType: "stars"),
                TenantSpec(id: "商户甲", transferEnabled: true, currency: "BHD", pointsType: "积分"),
            ],
            users: ["u0", "u1", "u2", "u3", "u4", "张伟", "josé"],
            richWallet: (tenant: "t3", user: "u0")
        )

        static let lookAlikes = NightUniverse(
            tenants: [
                TenantSpec(id: "t_caf\u{E9}", transferEnabled: true, currency: "CNY", pointsType: "cash_equivalent"),
                TenantSpec(id: "t_cafe\u{301}", transferEnabled: true, currency: "CNY", pointsType: "cash_equivalent"),
            ],
            users: ["jos\u{E9}", "jose\u{301}", "u1", "u2"],
            richWallet: nil
        )
    }

    /// One random case: a ledger, the model, two nights of transfers and a re-import of the first.
    struct RandomNight {
        let label: String
        let universe: NightUniverse
        var random: SplitMix64
        var model: LedgerReferenceModel
        /// Every row generated so far, for verbatim repeats, re-timed repeats and conflicting reuse of keys.
        var history: [TransferRow] = []
        /// The ledger's transfer id of each transfer the model numbered.
        var transferIDs: [Int: String] = [:]
        var problems: [String] = []

        /// Valid requested_at texts and their instants, and invalid ones. The instants only need to be
        /// distinct for distinct times (the model uses them as part of a keyless row's content).
        static let timestamps: [String: Int64] = [
            "2026-11-21T10:00:00Z": 1, "2026-11-21T18:30:00+08:00": 2, "2026-11-20T23:59:59.250Z": 3,
            "2025-02-28T00:00:00-05:00": 4,
        ]
        static let validTimes = timestamps.keys.sorted()
        static let invalidTimes = ["2026-13-01T00:00:00Z", "tomorrow"]

        let backend: StoreBackend

        init(seed: UInt64, label: String, universe: NightUniverse, backend: StoreBackend) {
            self.label = "\(label) (case seed \(seed))"
            self.universe = universe
            self.backend = backend
            random = SplitMix64(seed: seed)
            model = LedgerReferenceModel(timestamps: Self.timestamps)
        }

        mutating func check() throws {
            let tenants = universe.tenants.map {
                TenantConfig(tenantID: $0.id, name: $0.id, transferEnabled: $0.transferEnabled, pointsType: $0.pointsType,
                             currency: Currency(code: $0.currency)!)
            }
            let ledger = try backend.fixture(tenants: tenants)
            for tenant in universe.tenants {
                model.tenants[.init(tenant.id)] = .init(transferEnabled: tenant.transferEnabled, currency: tenant.currency,
                                                        pointsType: tenant.pointsType)
            }
            try openAccounts(ledger)

            let night1 = (0..<Int(400 + random.below(200))).map { makeRow(file: "night1.csv", line: $0 + 2) }
            let first = try importFile(night1, into: ledger)
            let night2 = (0..<Int(400 + random.below(200))).map { makeRow(file: "night2.csv", line: $0 + 2) }
            _ = try importFile(night2, into: ledger)
            // The first night's file again, byte for byte: nothing it applied applies twice.
            let again = try importFile(night1, into: ledger)
            for (row, (before, after)) in zip(night1, zip(first, again)) {
                if case .applied(let id) = before, after != .duplicate(originalTransferID: id) {
                    problems.append("re-import of \(row.origin) applied before as \(id): now \(after)")
                }
            }

            try compareBalances(ledger)
            try checkInvariants(ledger)
            #expect(try ledger.violations() == [], "\(label): the ledger's own checks")
            #expect(problems.isEmpty, "\(label): \(problems.count) problems, first:\n\(problems.prefix(12).joined(separator: "\n"))")
        }

        // MARK: Accounts

        private mutating func openAccounts(_ ledger: LedgerFixture) throws {
            var snapshots: [AccountSnapshot] = []
            for tenant in universe.tenants {
                for user in universe.users {
                    var wallets = [tenant.currency]
                    if random.chance(30) { wallets.append(universe.extraCurrency) }
                    for currency in wallets where random.chance(85) {
                        let rich = universe.richWallet.map { $0 == (tenant.id, user) } ?? false && currency == tenant.currency
                        var account = randomAccount(points: false)
                        if rich { account.balance = Int64.max / 2; account.frozen = 0; account.status = "active" }
                        snapshots.append(AccountSnapshot(
                            tenantID: tenant.id, userID: user, asset: Asset(currency: Currency(code: currency)!),
                            status: AccountStatus(rawValue: account.status)!, balance: account.balance, frozenBalance: account.frozen))
                        model.accounts[.init(tenant: .init(tenant.id), kind: .wallet, asset: .init(currency), user: .init(user))] = account
                    }
                    if random.chance(85) {
                        let account = randomAccount(points: true)
                        snapshots.append(AccountSnapshot(
                            tenantID: tenant.id, userID: user, asset: Asset(pointsType: tenant.pointsType),
                            status: AccountStatus(rawValue: account.status)!, balance: account.balance, frozenBalance: account.frozen,
                            totalEarned: account.earned, totalSpent: account.spent, expiredPoints: account.expired))
                        model.accounts[.init(tenant: .init(tenant.id), kind: .points, asset: .init(tenant.pointsType), user: .init(user))] = account
                    }
                }
            }
            var start = 0
            while start < snapshots.count {
                let batch = Array(snapshots[start..<min(start + 1 + random.below(12), snapshots.count)])
                let outcomes = try ledger.engine.open(batch)
                for (snapshot, outcome) in zip(batch, outcomes) {
                    guard case .opened = outcome else {
                        problems.append("opening \(snapshot.tenantID)/\(snapshot.userID)/\(snapshot.asset): \(outcome)")
                        continue
                    }
                }
                start += batch.count
            }
        }

        /// An account with a random status, balance, frozen part and, for points, counters whose
        /// identity holds; one in ten has counters near Int64.max, so a credit overflows them.
        private mutating func randomAccount(points: Bool) -> LedgerReferenceModel.Account {
            let status = random.below(100) < 88 ? "active" : random.pick(["frozen", "closed"])
            let balance = random.chance(10) ? 0 : random.int64(0...50_000)
            let frozen = random.chance(60) ? 0 : random.int64(0...balance)
            var account = LedgerReferenceModel.Account(status: status, balance: balance, frozen: frozen)
            guard points else { return account }
            account.expired = random.int64(0...500)
            account.spent = random.chance(10)
                ? Int64.max - balance - account.expired - random.int64(0...3_000)
                : random.int64(0...20_000)
            account.earned = balance + account.spent + account.expired
            return account
        }

        // MARK: Rows

        private mutating func makeRow(file: String, line: Int) -> TransferRow {
            let origin = RowOrigin(file: file, line: line)
            let roll = random.below(100)
            if roll < 10, !history.isEmpty {
                // The same row again: keyed, a duplicate; keyless in one file, a second transfer.
                var row = random.pick(history)
                row.origin = origin
                return remember(row)
            }
            if roll < 15, !history.isEmpty {
                // Re-exported with a new requested_at: keyed, a duplicate; keyless, a new key.
                var row = random.pick(history)
                row.requestedAt = random.pick(Self.validTimes)
                row.origin = origin
                return remember(row)
            }
            if roll < 20, let keyed = history.filter({ !$0.idempotencyKey.isEmpty }).last {
                // The same key for other content: a conflict, unless the first was rejected.
                var row = keyed
                row.description = random.pick(["changed", "dinner", ""])
                row.amount = random.pick([row.amount, "1", "2.00"])
                row.origin = origin
                return remember(row)
            }
            return remember(freshRow(origin: origin))
        }

        private mutating func remember(_ row: TransferRow) -> TransferRow {
            history.append(row)
            return row
        }

        private mutating func freshRow(origin: RowOrigin) -> TransferRow {
            let tenant = random.chance(96) ? random.pick(universe.tenants)
                : NightUniverse.TenantSpec(id: random.pick(["t_ghost", ""]), transferEnabled: true, currency: "CNY", pointsType: "x")
            let kindRoll = random.below(100)
            let kind = kindRoll < 47 ? "wallet" : kindRoll < 94 ? "points"
                : random.pick(["WALLET", "Points", "transfer", ""])
            let isWallet = kind.lowercased() == "wallet"
            let users = universe.users + ["ghost"]
            var from = random.chance(1) ? "" : random.chance(92) ? random.pick(universe.users) : "ghost"
            var to = random.chance(1) ? "" : random.chance(92) ? random.pick(universe.users) : "ghost"
            if to == from, random.chance(70) { to = random.pick(users) }  // keep self-transfers, fewer of them
            let currency: String
            if isWallet {
                let roll = random.below(100)
                currency = roll < 80 ? tenant.currency : roll < 88 ? universe.extraCurrency
                    : random.pick(["EUR", "XYZ", "cny", ""])
            } else {
                currency = random.chance(95) ? "" : tenant.currency
            }
            let digits = isWallet ? (LedgerReferenceModel.currencyDigits[currency] ?? 2) : 0
            // From the rich wallet, a quarter of the amounts are at Int64 scale.
            var rich = false
            if let wallet = universe.richWallet, wallet.tenant == tenant.id, isWallet, currency == tenant.currency, random.chance(30) {
                from = wallet.user
                rich = true
            }
            let amount = randomAmount(digits: digits, rich: rich)
            let keyRoll = random.below(100)
            let key = keyRoll < 40 ? "" : keyRoll < 75 ? "k\(random.below(25))" : keyRoll < 95 ? "key-\(origin)"
                : String(repeating: "k", count: random.pick([128, 129]))
            let reason = random.chance(96) ? random.pick(["", "gift", "还礼"])
                : String(repeating: "积", count: random.pick([200, 201]))
            let timeRoll = random.below(100)
            let requestedAt = timeRoll < 30 ? "" : timeRoll < 92 ? random.pick(Self.validTimes) : random.pick(Self.invalidTimes)
            return TransferRow(
                kind: kind, tenantID: tenant.id, fromUserID: from, toUserID: to, amount: amount, currency: currency,
                idempotencyKey: key, description: random.pick(["", "dinner", "晚餐", "=SUM(A1)"]), reason: reason,
                source: random.pick(["", "app", "web"]), referenceID: random.pick(["", "ord-1", "ord-2"]),
                requestedAt: requestedAt, origin: origin
            )
        }

        /// Amount text: mostly valid (with and without trailing zeros), sometimes at Int64 scale,
        /// sometimes one of the SPEC's invalid forms.
        private mutating func randomAmount(digits: Int, rich: Bool) -> String {
            let roll = random.below(100)
            if roll < 6 {
                return random.pick(["0", "0.00", "-5", "1e3", "1,000.00", "1.000,00", "１２", "12.", ".5", "9223372036854775807",
                                    "9223372036854775808", "92233720368547758.07", "92233720368547758.08", "007"])
            }
            let value: Int64 = rich && roll < 30 ? random.int64(Int64.max / 256...Int64.max / 32)
                : roll < 80 ? random.int64(1...3_000) : random.int64(1...60_000)
            var text = Self.format(value, digits: digits)
            if digits > 0, random.chance(10), text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            } else if random.chance(3) {
                text += digits > 0 ? "0" : ".0"  // one decimal too many
            }
            return text
        }

        /// Minor units as plain decimal text with `digits` decimals.
        static func format(_ minorUnits: Int64, digits: Int) -> String {
            guard digits > 0 else { return String(minorUnits) }
            var scale: Int64 = 1
            for _ in 0..<digits { scale *= 10 }
            let fraction = String(minorUnits % scale)
            return "\(minorUnits / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
        }

        // MARK: Applying and comparing

        /// Applies one file in random batches, each row decided by the model too; returns the ledger's outcomes.
        private mutating func importFile(_ rows: [TransferRow], into ledger: LedgerFixture) throws -> [TransferOutcome] {
            model.beginFile()
            ledger.keys = DerivedKeyCounter()
            var outcomes: [TransferOutcome] = []
            var start = 0
            while start < rows.count {
                let end = min(start + 1 + random.below(random.chance(20) ? 300 : 40), rows.count)
                outcomes += try ledger.apply(Array(rows[start..<end]))
                start = end
            }
            // Deferring commits, the file's last batch waits for the next one: what follows reads the ledger.
            try ledger.engine.finishDeferredBatch()
            for (row, actual) in zip(rows, outcomes) {
                let expected = model.decide(
                    kind: row.kind, tenant: row.tenantID, from: row.fromUserID, to: row.toUserID, amount: row.amount,
                    currency: row.currency, key: row.idempotencyKey, description: row.description, reason: row.reason,
                    source: row.source, referenceID: row.referenceID, requestedAt: row.requestedAt)
                compare(row, expected: expected, actual: actual)
            }
            return outcomes
        }

        private mutating func compare(_ row: TransferRow, expected: LedgerReferenceModel.Outcome, actual: TransferOutcome) {
            let agrees: Bool
            switch (expected, actual) {
            case (.applied(let transfer), .applied(let id)):
                transferIDs[transfer] = id
                agrees = true
            case (.duplicate(let transfer), .duplicate(let original)):
                agrees = transferIDs[transfer] == original
            case (.rejected(let code), .rejected(let rejection)):
                agrees = rejection.code.rawValue == code
            default:
                agrees = false
            }
            if !agrees {
                problems.append("\(row.origin) \(row.kind)|\(row.tenantID)|\(row.fromUserID)|\(row.toUserID)|\(row.amount)|"
                                + "\(row.currency)|key '\(row.idempotencyKey.prefix(20))'|\(row.requestedAt): "
                                + "model \(expected), ledger \(actual)")
            }
        }

        /// Every user account in the database against the model, field by field, keyed by bytes.
        private mutating func compareBalances(_ ledger: LedgerFixture) throws {
            // One text per account, fields apart by a control character no id holds (ids are
            // opaque bytes, `|` among them).
            let rows = try ledger.strings("""
                SELECT tenant_id || char(31) || kind || char(31) || asset || char(31) || user_id || char(31) || status
                       || char(31) || balance || char(31) || frozen_balance || char(31) || total_earned || char(31)
                       || total_spent || char(31) || expired_points FROM account_view WHERE NOT is_system
                """.replacingOccurrences(of: "char(31)", with: ledger.sqlite == nil ? "chr(31)" : "char(31)"))
            var stored: [LedgerReferenceModel.AccountID: LedgerReferenceModel.Account] = [:]
            for text in rows {
                let row = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                let kind = LedgerReferenceModel.Kind(rawValue: row[1]) ?? .wallet
                let id = LedgerReferenceModel.AccountID(tenant: .init(row[0]), kind: kind, asset: .init(row[2]),
                                                        user: .init(row[3]))
                var account = LedgerReferenceModel.Account(status: row[4], balance: Int64(row[5]) ?? -1, frozen: Int64(row[6]) ?? -1)
                if kind == .points {
                    account.earned = Int64(row[7]) ?? -1
                    account.spent = Int64(row[8]) ?? -1
                    account.expired = Int64(row[9]) ?? -1
                }
                if stored.updateValue(account, forKey: id) != nil { problems.append("two accounts stored for \(id)") }
            }
            for id in Set(stored.keys).union(model.accounts.keys).sorted() where stored[id] != model.accounts[id] {
                problems.append("account \(id): model \(model.accounts[id].map(String.init(describing:)) ?? "none"), "
                                + "ledger \(stored[id].map(String.init(describing:)) ?? "none")")
            }
            let transfers = try ledger.integer("SELECT COUNT(*) FROM transfers WHERE entry_type = 'transfer'")
            if transfers != transferIDs.count {
                problems.append("\(transfers) transfer entries stored, the model applied \(transferIDs.count)")
            }
        }

        /// The invariants, read back by SQL and checked here, not by the product's own checks.
        private mutating func checkInvariants(_ ledger: LedgerFixture) throws {
            // Numbers as text, one row per line, fields apart by '|' (no ids in these rows).
            func rows(_ sql: String) throws -> [[String]] {
                try ledger.strings(sql).map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            }
            // Each entry is one row with a debit and a credit leg of one positive amount on two
            // accounts of its tenant, kind and asset (bytes compared).
            let unbalanced = try ledger.strings("SELECT id FROM transfers WHERE amount <= 0 OR debit_account = credit_account")
            if !unbalanced.isEmpty { problems.append("entries not balanced in two postings: \(unbalanced.prefix(5))") }
            let strays = try ledger.integer("""
                SELECT COUNT(*) FROM transfers t JOIN accounts d ON d.id = t.debit_account JOIN accounts c ON c.id = t.credit_account
                WHERE d.tenant != t.tenant OR c.tenant != t.tenant OR d.kind != c.kind
                   OR \(ledger.bytes("d.asset")) != \(ledger.bytes("c.asset"))
                """)
            if strays != 0 { problems.append("\(strays) postings outside their entry's tenant or asset") }

            // Balance chains: sequences 1…n, each leg's balance_after = the previous one ± amount,
            // the last = stored; and each account's posted totals = the sizes of its legs.
            var current: (account: Int64, sequence: Int64, after: Int64)?
            var lastAfter: [Int64: Int64] = [:]
            var posted: [Int64: (debits: Int128, credits: Int128)] = [:]
            let postings = try rows("""
                SELECT account_id || '|' || sequence || '|' || amount || '|' || balance_after FROM (
                    SELECT debit_account AS account_id, debit_sequence AS sequence, -amount AS amount,
                           debit_balance_after AS balance_after FROM transfers
                    UNION ALL
                    SELECT credit_account, credit_sequence, amount, credit_balance_after FROM transfers
                ) legs ORDER BY account_id, sequence
                """)
            for posting in postings {
                let account = Int64(posting[0]) ?? -1, sequence = Int64(posting[1]) ?? -1, amount = Int64(posting[2]) ?? 0
                let after = Int64(posting[3]) ?? -1
                let previous = current?.account == account ? current : nil
                let (sum, overflow) = (previous?.after ?? 0).addingReportingOverflow(amount)
                if sequence != (previous?.sequence ?? 0) + 1 || overflow || sum != after {
                    problems.append("balance chain of account \(account) breaks at sequence \(sequence)")
                }
                current = (account, sequence, after)
                lastAfter[account] = after
                if amount < 0 { posted[account, default: (0, 0)].debits -= Int128(amount) } else { posted[account, default: (0, 0)].credits += Int128(amount) }
            }
            for row in try rows("SELECT id || '|' || CAST(posted_debits AS TEXT) || '|' || CAST(posted_credits AS TEXT) FROM account_balances") {
                let id = Int64(row[0]) ?? -1
                let stored = (Int128(row[1]), Int128(row[2]))
                if stored.0 != posted[id]?.debits ?? 0 || stored.1 != posted[id]?.credits ?? 0 {
                    problems.append("account \(id): posted totals \(String(describing: stored)) ≠ its legs")
                }
            }
            let accounts = try rows("""
                SELECT id || '|' || CASE WHEN is_system THEN 1 ELSE 0 END || '|' || kind || '|' || balance || '|' || frozen_balance
                       || '|' || total_earned || '|' || total_spent || '|' || expired_points FROM account_view
                """)
            for account in accounts {
                let id = Int64(account[0]) ?? -1, balance = Int64(account[3]) ?? -1, frozen = Int64(account[4]) ?? -1
                if balance != (lastAfter[id] ?? 0) { problems.append("account \(id): balance \(balance) ≠ its last posting") }
                guard account[1] == "0" else { continue }
                if balance < 0 || frozen < 0 || frozen > balance {
                    problems.append("account \(id): balance \(balance), frozen \(frozen)")
                }
                if account[2] == "points" {
                    let earned = Int64(account[5]) ?? -1, spent = Int64(account[6]) ?? -1, expired = Int64(account[7]) ?? -1
                    let (net, overflowA) = earned.subtractingReportingOverflow(spent)
                    let (identity, overflowB) = net.subtractingReportingOverflow(expired)
                    if overflowA || overflowB || identity != balance {
                        problems.append("account \(id): points identity \(earned) − \(spent) − \(expired) ≠ \(balance)")
                    }
                }
            }
        }
    }
}
