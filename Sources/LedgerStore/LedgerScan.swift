import GRDB
import LedgerCore

/// One sequential pass over every posting, in row order, that gathers what the ledger checks and
/// reports need: per-account sums, the balance chain, per-entry sums, and one run's movements.
///
/// Postings are appended entry by entry, each account's in sequence order, so a single scan of
/// the table sees every entry's legs together and every account's chain in order. Where a
/// tampered file breaks that order, the scan reports it as a violation rather than trusting it.
/// Memory grows with accounts, not postings. (A GROUP BY per check took ~10× longer at 2M postings.)
public struct LedgerScan {
    /// Every account with its stored state and what its postings add up to, sorted by key.
    public private(set) var totals: [AccountTotals] = []
    /// Debits and credits per account row id of postings above the watermark (one run's).
    /// Sums are 128-bit, exact for any number of amounts (SPEC §6).
    public private(set) var movements: [Int64: (debits: Int128, credits: Int128)] = [:]
    /// Transfer entries above the watermark, per tenant and asset: count and amount moved.
    public private(set) var runTransfers: [RunTransferTotals] = []
    public private(set) var entryViolations: [CheckViolation] = []
    public private(set) var chainViolations: [CheckViolation] = []

    /// The entry whose postings are being summed.
    private struct OpenEntry {
        var rowID: Int64
        var tenantID: String
        var kind: String
        var asset: String
        var isTransfer: Bool
        /// Whose accounts the legs must be on: the debit leg's user (`""`, the system account, for
        /// an opening) and the credit leg's.
        var fromUserID: String
        var toUserID: String
        /// The entry's (tenant, kind, asset) group in `AccountDirectory`.
        var group = -1
        var sum: Int128 = 0
        var legs = 0
        /// Legs on an account of another tenant or asset (compared by the ids' bytes).
        var foreignLegs = 0
        /// Legs on an account of another user than the entry names (by bytes).
        var strayLegs = 0

        init(rowID: Int64, tenantID: String, kind: String, asset: String, entryType: String, fromUserID: String, toUserID: String) {
            self.rowID = rowID
            self.tenantID = tenantID
            self.kind = kind
            self.asset = asset
            isTransfer = entryType == "transfer"
            self.fromUserID = fromUserID
            self.toUserID = toUserID
        }

        static let columns = "id, tenant_id, kind, asset, entry_type, from_user_id, to_user_id"
    }

    /// Chain position of an account while scanning.
    private struct ChainCursor {
        var sequence: Int64 = 0
        var balanceAfter: Int64 = 0
    }

    /// Scans the ledger. `watermark`: the highest posting row id before the run (Int64.max: none).
    public init(_ db: Database, watermark: Int64 = Int64.max) throws {
        totals = try AccountTotals.fetchStoredState(db)
        let accounts = AccountDirectory(totals)
        var chains = [ChainCursor](repeating: ChainCursor(), count: totals.count)
        var runDebits = [Int128](repeating: 0, count: totals.count), runCredits = runDebits
        var runTotals = [RunTransferTotals?](repeating: nil, count: accounts.groups.count)
        let entries = try RawStatement(db, sql: "SELECT \(OpenEntry.columns) FROM entries ORDER BY id")
        let postings = try RawStatement(db, sql: """
            SELECT id, entry_id, account_id, sequence, amount, balance_before, balance_after, record_id FROM postings ORDER BY id
            """)
        var open: OpenEntry?
        var entryCursor = try EntryCursor(statement: entries)
        try postings.query { row in
            let postingID = row.int64(0), entryID = row.int64(1), accountRowID = row.int64(2)
            let sequence = row.int64(3), amount = row.int64(4), before = row.int64(5), after = row.int64(6)
            if open?.rowID != entryID {
                if let finished = open { try close(finished, db: db) }
                open = try entryCursor.entry(entryID, db: db, onSkipped: { try close($0, db: db) }).map { entry in
                    var entry = entry
                    entry.group = accounts.group(tenantID: entry.tenantID, kind: entry.kind, asset: entry.asset)
                    return entry
                }
            }
            guard let index = accounts.index(ofRowID: accountRowID) else {
                entryViolations.append(CheckViolation(check: .entriesBalanced, tenantID: open?.tenantID ?? "",
                                                      detail: "posting \(postingID) is on account row \(accountRowID), which does not exist"))
                return
            }
            let group = accounts.groupOfAccount[index]
            open?.sum += Int128(amount)
            open?.legs += 1
            // Byte-wise (`AccountKey`, `OpaqueID`): an account of tenant `t_café` composed never
            // passes for one of `t_cafe`+U+0301, nor `josé`'s wallet for `jose`+U+0301's.
            if group != open?.group { open?.foreignLegs += 1 }
            if let entry = open, !OpaqueID.sameBytes(totals[index].key.userID, amount < 0 ? entry.fromUserID : entry.toUserID) {
                open?.strayLegs += 1
            }
            totals[index].add(amount: amount, sequence: sequence)
            checkChain(&chains[index], account: totals[index], sequence: sequence, amount: amount, before: before, after: after,
                       recordID: { row.string(7) }, postingID: postingID)
            guard postingID > watermark else { return }
            if amount < 0 { runDebits[index] -= Int128(amount) } else { runCredits[index] += Int128(amount) }
            if amount > 0, open?.isTransfer == true {
                if runTotals[group] == nil, let asset = Asset(kind: totals[index].key.kind, code: totals[index].key.asset) {
                    runTotals[group] = RunTransferTotals(tenantID: totals[index].key.tenantID, asset: asset, entries: 0, amount: 0)
                }
                runTotals[group]?.add(amount)
            }
        }
        if let finished = open { try close(finished, db: db) }
        try entryCursor.drain { try close($0, db: db) }
        for (index, account) in totals.enumerated() where runDebits[index] != 0 || runCredits[index] != 0 {
            movements[account.rowID] = (runDebits[index], runCredits[index])
        }
        runTransfers = runTotals.compactMap { $0 }.sorted {
            OpaqueID.sameBytes($0.tenantID, $1.tenantID) ? $0.asset < $1.asset : OpaqueID.bytesPrecede($0.tenantID, $1.tenantID)
        }
    }

    /// Finds accounts by row id without hashing, and numbers each (tenant, kind, asset) group so
    /// that comparing a posting's account with its entry is an integer comparison.
    private struct AccountDirectory {
        private var indexByRowID: [Int32]
        /// Used instead when row ids are far sparser than accounts (a hand-edited file), so the
        /// table above never grows with the largest id.
        private var sparseIndex: [Int64: Int] = [:]
        private(set) var groupOfAccount: [Int]
        private(set) var groups: [AccountKey: Int] = [:]

        init(_ totals: [AccountTotals]) {
            let highest = Int(totals.map(\.rowID).max() ?? 0)
            let dense = highest <= Swift.max(1 << 20, totals.count * 4) && totals.count < Int(Int32.max)
            indexByRowID = [Int32](repeating: -1, count: dense ? highest + 1 : 0)
            groupOfAccount = []
            groupOfAccount.reserveCapacity(totals.count)
            for (index, account) in totals.enumerated() {
                if dense, account.rowID >= 0 { indexByRowID[Int(account.rowID)] = Int32(index) }
                if !dense { sparseIndex[account.rowID] = index }
                let key = AccountKey(tenantID: account.key.tenantID, kind: account.key.kind, asset: account.key.asset, userID: "")
                let group = groups[key] ?? groups.count
                groups[key] = group
                groupOfAccount.append(group)
            }
        }

        func index(ofRowID rowID: Int64) -> Int? {
            if indexByRowID.isEmpty { return sparseIndex[rowID] }
            guard rowID >= 0, rowID < indexByRowID.count, indexByRowID[Int(rowID)] >= 0 else { return nil }
            return Int(indexByRowID[Int(rowID)])
        }

        /// The group of an entry's tenant and asset; -1 when no account has them.
        func group(tenantID: String, kind: String, asset: String) -> Int {
            guard let kind = AccountKind(rawValue: kind) else { return -1 }
            return groups[AccountKey(tenantID: tenantID, kind: kind, asset: asset, userID: "")] ?? -1
        }
    }

    private mutating func checkChain(
        _ chain: inout ChainCursor, account: AccountTotals, sequence: Int64, amount: Int64, before: Int64, after: Int64,
        recordID: () -> String, postingID: Int64
    ) {
        defer { chain = ChainCursor(sequence: sequence, balanceAfter: after) }
        let (sum, overflow) = before.addingReportingOverflow(amount)
        // A hand-edited sequence of Int64.max has no successor: compared in 128 bits, never trapping.
        let nextSequence = Int128(chain.sequence) + 1
        guard Int128(sequence) != nextSequence || before != chain.balanceAfter || overflow || sum != after else { return }
        let asset = Asset(kind: account.key.kind, code: account.key.asset)
        let record = "record \(recordID()) (sequence \(sequence))"
        let violation: CheckViolation
        if Int128(sequence) != nextSequence {
            violation = account.violation(.balanceChain, asset: nil, expected: Int128(chain.sequence) + 1, actual: Int128(sequence),
                                          detail: "\(record) follows sequence \(chain.sequence)")
        } else if before != chain.balanceAfter {
            violation = account.violation(.balanceChain, asset: asset, expected: Int128(chain.balanceAfter), actual: Int128(before),
                                          detail: "\(record) balance_before differs from the previous balance_after")
        } else {
            violation = account.violation(.balanceChain, asset: asset, expected: Int128(before) + Int128(amount), actual: Int128(after),
                                          detail: "\(record) balance_after ≠ balance_before + amount \(asset?.format(amount) ?? String(amount))")
        }
        chainViolations.append(violation)
    }

    /// Reports an entry whose postings do not sum to zero, that has fewer than two, or that posts
    /// to an account of another tenant, asset or user than the entry names.
    private mutating func close(_ entry: OpenEntry, db: Database) throws {
        guard entry.sum != 0 || entry.legs < 2 || entry.foreignLegs > 0 || entry.strayLegs > 0 else { return }
        let transferID = try String.fetchOne(db, sql: "SELECT transfer_id FROM entries WHERE id = ?", arguments: [entry.rowID]) ?? "?"
        let asset = AccountKind(rawValue: entry.kind).flatMap { Asset(kind: $0, code: entry.asset) }
        var problems: [String] = []
        if entry.sum != 0 { problems.append("postings sum to \(asset?.format(wide: entry.sum) ?? String(entry.sum)), not zero") }
        if entry.legs < 2 { problems.append("has \(entry.legs) posting(s)") }
        if entry.foreignLegs > 0 { problems.append("\(entry.foreignLegs) posting(s) on another tenant's or asset's account") }
        if entry.strayLegs > 0 { problems.append("\(entry.strayLegs) posting(s) on an account of another user than the entry names") }
        entryViolations.append(CheckViolation(check: .entriesBalanced, tenantID: entry.tenantID, asset: asset, expected: 0,
                                              actual: entry.sum, detail: "entry \(transferID) " + problems.joined(separator: "; ")))
    }

    /// Walks the entries table alongside the postings (both in row order), noticing entries
    /// that have no postings at all. Falls back to a point look-up when the order is broken.
    private struct EntryCursor {
        let statement: RawStatement
        var pending: OpenEntry?
        var exhausted = false

        init(statement: RawStatement) throws {
            self.statement = statement
            try advance()
        }

        mutating func entry(_ rowID: Int64, db: Database, onSkipped: (OpenEntry) throws -> Void) throws -> OpenEntry? {
            while let candidate = pending, candidate.rowID < rowID {
                try onSkipped(candidate)
                try advance()
            }
            if let candidate = pending, candidate.rowID == rowID {
                try advance()
                return candidate
            }
            // Out of row order (a hand-edited file): look the entry up directly.
            return try Row.fetchOne(db, sql: "SELECT \(OpenEntry.columns) FROM entries WHERE id = ?", arguments: [rowID])
                .map { OpenEntry(rowID: $0[0], tenantID: $0[1], kind: $0[2], asset: $0[3], entryType: $0[4], fromUserID: $0[5], toUserID: $0[6]) }
        }

        /// Entries after the last posting's entry have no postings.
        mutating func drain(onSkipped: (OpenEntry) throws -> Void) throws {
            while let candidate = pending {
                try onSkipped(candidate)
                try advance()
            }
            statement.reset()
        }

        private mutating func advance() throws {
            pending = nil
            guard !exhausted else { return }
            if try statement.step() {
                pending = OpenEntry(rowID: statement.int64(0), tenantID: statement.string(1), kind: statement.string(2),
                                    asset: statement.string(3), entryType: statement.string(4), fromUserID: statement.string(5),
                                    toUserID: statement.string(6))
            } else {
                exhausted = true
                statement.reset()
            }
        }
    }
}

extension RunTransferTotals {
    mutating func add(_ amount: Int64) {
        entries += 1
        self.amount += Int128(amount)
    }
}
