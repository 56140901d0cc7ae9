public import LedgerCore
import CPrefetch

/// One sequential pass over the transfers a `CheckScope` covers, in row order, that gathers what
/// the ledger checks and reports need: the legs each account received, its balance chain, each
/// entry's shape, and one run's movements.
///
/// Transfers are appended in order and each account's legs in sequence order, so one scan sees
/// every account's chain in order. Every entry is one row with one debit and one credit leg of
/// the same amount, so its legs sum to zero by construction; what can still be wrong is where
/// the legs are (tenant, asset, system or user account) and what the balances say, which the
/// scan checks. Where a tampered file breaks the order, the scan reports it as a violation rather
/// than trusting it. Memory grows with accounts, not transfers.
public struct LedgerScan {
    /// Every account's numbers the checks compare, in account order (`forEachAccountTotal`).
    private(set) var accounts = CheckedAccounts()
    /// Per account (same order as `accounts`): the legs scanned, and their debit and credit sizes.
    private(set) var scannedLegs: [Int64] = []
    private(set) var scannedDebits: [Int128] = []
    private(set) var scannedCredits: [Int128] = []
    /// Per account: the balance_after of its last leg scanned (its start balance when none).
    private(set) var chainEnds: [Int64] = []
    /// Debits and credits per account row id of the run's transfers (`CheckScope.movementsSince`).
    public private(set) var movements = AccountMovements()
    /// The run's transfer entries per tenant and asset: count and amount moved.
    public private(set) var runTransfers: [RunTransferTotals] = []
    public private(set) var entryViolations: [CheckViolation] = []
    /// Breaks of accounts' chains, named by `LedgerChecks` (which account is which needs its ids).
    private(set) var chainViolations: [PendingAccountViolation] = []
    public let scope: CheckScope
    /// Tenant ids by `tenants.id`, to name an entry's own tenant.
    private var tenantNames: [Int64: String] = [:]

    /// Rows whose accounts are prefetched together before they are visited.
    static let prefetchedRows = 128

    /// Chain position of an account while scanning.
    private struct ChainCursor {
        var sequence: Int64
        var balanceAfter: Int64
    }

    /// Scans the transfers `scope` covers in `snapshot`; with `chain`, hands it every entry read
    /// (then `scope` must cover all history), so `verify` reads the transfers once for both.
    /// - Parameter eachAccount: called with every account as it is read, in account order, for
    ///   the checks that need only the account (its ids are at hand there, and not kept).
    public init(_ snapshot: any LedgerSnapshot, scope: CheckScope, chain: HashChainCheck.Pass? = nil,
                eachAccount: (AccountTotals) -> Void = { _ in }) throws {
        precondition(chain == nil || scope.since == 0, "the hash chain is checked from genesis: scan all history")
        self.scope = scope
        var accounts = CheckedAccounts()
        try snapshot.forEachAccountTotal { account in
            accounts.append(account)
            eachAccount(account)
        }
        accounts.finish()
        self.accounts = accounts
        tenantNames = try snapshot.tenantIDsByRowID()
        var chains = accounts.rowIDs.map { rowID in
            let start = scope.startStates[rowID]
            return ChainCursor(sequence: start.lastSequence, balanceAfter: start.balance)
        }
        scannedLegs = [Int64](repeating: 0, count: accounts.count)
        scannedDebits = [Int128](repeating: 0, count: accounts.count)
        scannedCredits = scannedDebits
        // A run's movements are the legs it scans (since == movementsSince): they share the scan's
        // sums; only another split (none today) keeps sums of its own, 32 bytes per account.
        let separateMovements = scope.movementsSince != scope.since
        var runDebits = separateMovements ? scannedDebits : [], runCredits = runDebits
        var runTotals = [RunTransferTotals?](repeating: nil, count: accounts.groups.count)
        func visit(_ row: ScannedTransfer, debit: Int?, credit: Int?) throws {
            let transferID = row.rowID, tenant = row.tenantRowID, isOpening = row.isOpening
            let amount = row.amount
            let name = { try LedgerScan.entryName(transferID, opening: isOpening, snapshot: snapshot) }
            // The usual case decided inline; `checkEntry` names the problems of the rare entry that has some.
            var wellPlaced = false
            if let debit, let credit, amount > 0, debit != credit {
                let sameGroup: Bool = accounts.groupOfAccount[debit] == accounts.groupOfAccount[credit]
                let ownTenant: Bool = accounts.tenantRowID(of: debit) == tenant && accounts.tenantRowID(of: credit) == tenant
                let rightSides: Bool = accounts.isSystemAccount[debit] == isOpening && !accounts.isSystemAccount[credit]
                wellPlaced = sameGroup && ownTenant && rightSides
            }
            if !wellPlaced {
                try checkEntry(transferID, tenant: tenant, isOpening: isOpening, amount: amount, debit: debit, credit: credit,
                               row: row, name: name)
            }
            // Field by field, no per-row arrays or account copies: this loop runs once per transfer.
            let inRun = separateMovements && transferID > scope.movementsSince
            if let debit {
                scannedLegs[debit] += 1
                scannedDebits[debit] += Int128(amount)
                if inRun { runDebits[debit] += Int128(amount) }
                try checkChain(&chains[debit], account: debit, sequence: row.debitSequence, signedAmount: -Int128(amount),
                               after: row.debitBalanceAfter, row: row, credit: false, snapshot: snapshot)
            }
            if let credit {
                scannedLegs[credit] += 1
                scannedCredits[credit] += Int128(amount)
                if inRun { runCredits[credit] += Int128(amount) }
                try checkChain(&chains[credit], account: credit, sequence: row.creditSequence, signedAmount: Int128(amount),
                               after: row.creditBalanceAfter, row: row, credit: true, snapshot: snapshot)
            }
            if transferID > scope.movementsSince, !isOpening, let credit {
                let group = Int(accounts.groupOfAccount[credit])
                if runTotals[group] == nil, let asset = accounts.groups[group].asset {
                    runTotals[group] = RunTransferTotals(tenantID: accounts.groups[group].tenantID, asset: asset, entries: 0, amount: 0)
                }
                runTotals[group]?.add(amount)
            }
        }
        // Each leg reads its account's entry in six arrays of every account: at 200,000 accounts
        // a cache miss each, one after another (`perf annotate` of verify: nearly all of the
        // visits' time on those loads). Rows wait in a block, their accounts' entries are
        // prefetched together, then the block is visited in order.
        var waiting: [(row: ScannedTransfer, debit: Int?, credit: Int?)] = []
        waiting.reserveCapacity(LedgerScan.prefetchedRows)
        /// Prefetches, for every waiting row, both legs' entries of one array (one reach for the
        /// array's storage per block, not per row).
        func prefetch<Element>(_ array: [Element]) {
            array.withUnsafeBufferPointer { entries in
                guard let base = entries.baseAddress else { return }
                for entry in waiting {
                    if let debit = entry.debit { CPrefetch_read(base + debit) }
                    if let credit = entry.credit { CPrefetch_read(base + credit) }
                }
            }
        }
        func visitWaiting() throws {
            prefetch(chains)
            prefetch(accounts.groupOfAccount)
            prefetch(accounts.isSystemAccount)
            prefetch(scannedLegs)
            prefetch(scannedDebits)
            prefetch(scannedCredits)
            for entry in waiting { try visit(entry.row, debit: entry.debit, credit: entry.credit) }
            waiting.removeAll(keepingCapacity: true)
        }
        func take(_ row: ScannedTransfer) throws {
            waiting.append((row, accounts.index(ofRowID: row.debitAccount), accounts.index(ofRowID: row.creditAccount)))
            if waiting.count == LedgerScan.prefetchedRows { try visitWaiting() }
        }
        if let chain {
            try snapshot.forEachTransferLink(after: scope.since) { link in
                chain.add(link)
                try take(ScannedTransfer(link))
            }
        } else {
            try snapshot.forEachTransfer(after: scope.since) { try take($0) }
        }
        try visitWaiting()
        chainEnds = chains.map(\.balanceAfter)
        if !separateMovements { (runDebits, runCredits) = (scannedDebits, scannedCredits) }
        movements = AccountMovements(rows: accounts.rows, debits: runDebits, credits: runCredits)
        runTransfers = runTotals.compactMap { $0 }.sorted {
            OpaqueID.sameBytes($0.tenantID, $1.tenantID) ? $0.asset < $1.asset : OpaqueID.bytesPrecede($0.tenantID, $1.tenantID)
        }
    }

    /// Reports an entry whose legs are not where its row says: an account that does not exist,
    /// legs on two groups (tenant, kind, asset) or another tenant than the entry's, the same
    /// account twice, a transfer touching a system account or an opening not from one, or an
    /// amount that is not positive.
    private mutating func checkEntry(
        _ transferID: Int64, tenant: Int64, isOpening: Bool, amount: Int64, debit: Int?, credit: Int?,
        row: ScannedTransfer, name: () throws -> String
    ) throws {
        var problems: [String] = []
        if debit == nil { problems.append("its debit leg is on account row \(row.debitAccount), which does not exist") }
        if credit == nil { problems.append("its credit leg is on account row \(row.creditAccount), which does not exist") }
        if amount <= 0 { problems.append("its amount \(amount) is not positive") }
        if let debit, let credit {
            if debit == credit { problems.append("debits and credits the same account") }
            if accounts.groupOfAccount[debit] != accounts.groupOfAccount[credit] || accounts.tenantRowID(of: debit) != tenant
                || accounts.tenantRowID(of: credit) != tenant {
                problems.append("a posting on another tenant's or asset's account")
            }
            if accounts.isSystemAccount[debit] != isOpening || accounts.isSystemAccount[credit] {
                problems.append("a posting on an account of another user than the entry names")
            }
        }
        guard !problems.isEmpty else { return }
        let reference = credit ?? debit
        let asset = reference.flatMap { accounts.group(of: $0).asset }
        entryViolations.append(CheckViolation(
            check: .entriesBalanced, tenantID: tenantNames[tenant] ?? reference.map { accounts.group(of: $0).tenantID } ?? "", asset: asset, expected: Int128?.none,
            actual: Int128?.none, detail: "entry \(try name()) " + problems.joined(separator: "; ")))
    }

    /// A leg continues its account's chain: the next sequence, and balance_after = previous
    /// balance_after ± amount (its balance_before is derived from the same row, so the link
    /// between rows is what can break).
    private mutating func checkChain(
        _ chain: inout ChainCursor, account index: Int, sequence: Int64, signedAmount: Int128, after: Int64,
        row: ScannedTransfer, credit: Bool, snapshot: any LedgerSnapshot
    ) throws {
        defer { chain = ChainCursor(sequence: sequence, balanceAfter: after) }
        let before = Int128(after) - signedAmount
        // A hand-edited sequence of Int64.max has no successor: compared in 128 bits, never trapping.
        let nextSequence = Int128(chain.sequence) + 1
        guard Int128(sequence) != nextSequence || before != Int128(chain.balanceAfter) else { return }
        let group = accounts.group(of: index)
        let asset = group.asset
        let recordID = try LedgerScan.recordName(row.rowID, opening: row.isOpening, kind: group.kind, credit: credit,
                                                 snapshot: snapshot)
        let name = "record \(recordID) (sequence \(sequence))"
        let violation: CheckViolation
        if Int128(sequence) != nextSequence {
            violation = CheckViolation(check: .balanceChain, tenantID: group.tenantID, asset: nil, expected: nextSequence, actual: Int128(sequence),
                                       detail: "\(name) follows sequence \(chain.sequence)")
        } else {
            violation = CheckViolation(check: .balanceChain, tenantID: group.tenantID, asset: asset,
                                       expected: Int128(chain.balanceAfter) + signedAmount, actual: Int128(after),
                                       detail: "\(name) balance_after ≠ the previous balance_after "
                                           + "\(asset?.format(chain.balanceAfter) ?? String(chain.balanceAfter)) ± its amount")
        }
        chainViolations.append(PendingAccountViolation(account: index, violation: violation))
    }

    /// The entry's id as the ledger shows it (violations only).
    static func entryName(_ rowID: Int64, opening: Bool, snapshot: any LedgerSnapshot) throws -> String {
        try snapshot.transferIdentifiers(rowID: rowID, kind: .wallet)?.transferID
            ?? (opening ? "opn_" : "trf_") + TransferULID(0).text
    }

    /// A leg's record id as the ledger shows it.
    static func recordName(_ rowID: Int64, opening: Bool, kind: AccountKind, credit: Bool, snapshot: any LedgerSnapshot) throws -> String {
        let ids = try snapshot.transferIdentifiers(rowID: rowID, kind: kind)
            ?? TransferIdentifiers(ulid: TransferULID(0), entryType: opening ? "opening" : "transfer", kind: kind)
        return credit ? ids.creditRecordID : ids.debitRecordID
    }

    /// The legs scanned for the account at `index` of `accounts`.
    func scanned(_ index: Int) -> (legs: Int64, debits: Int128, credits: Int128) {
        (scannedLegs[index], scannedDebits[index], scannedCredits[index])
    }
}

extension RunTransferTotals {
    mutating func add(_ amount: Int64) {
        entries += 1
        self.amount += Int128(amount)
    }
}
