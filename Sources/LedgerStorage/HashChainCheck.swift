public import LedgerCore

/// Check `hash_chain` (SPEC §7), over any backend (`LedgerSnapshot`'s chain reads): every tenant's chain recomputed from
/// genesis and the state it implies compared with the stored state (`ChainVerifier`), and every
/// head the runs table recorded must be a link of its tenant's chain.
///
/// One pass over the transfers, after reading tenants and accounts (its own, or the ledger scan's
/// through `Pass`); memory grows with accounts.
public struct HashChainCheck {
    /// At most one break per tenant (and one per row that names no tenant).
    public private(set) var violations: [CheckViolation]
    private let verifier: ChainVerifier

    /// Recomputes every chain in a pass of its own over the entries; `watching` are heads
    /// recorded elsewhere (a manifest's) whose verdict the caller reads with `verdict(tenantID:head:)`.
    public init(_ snapshot: any LedgerSnapshot, watching: [ChainHeadEntry] = []) throws {
        let pass = try Pass(snapshot, watching: watching)
        try snapshot.forEachTransferLink(after: 0) { pass.add($0) }
        self = pass.finish()
    }

    private init(violations: [CheckViolation], verifier: ChainVerifier) {
        self.violations = violations
        self.verifier = verifier
    }

    /// The check fed by a pass over the entries that someone else makes: `verify`'s ledger scan
    /// hands each entry it reads to `add` (`LedgerScan`), so all history is read once for both.
    ///
    /// The recomputation runs on a thread of its own, beside the scan that feeds it: `add` copies
    /// entries into blocks (`StoredEntryBlock`) and hands each full block over. In `verify` of 1M
    /// transfers the chain was about a third of the reading thread's time, and the second core
    /// had room once the storage check was done. A class so the scan can hold it beside its own
    /// state; `add` and `finish` are called from one thread.
    public final class Pass {
        // Touched by the worker's chunks only, between `add`'s first hand-over and `finish`'s drain.
        private var verifier: ChainVerifier
        private let recorded: [RecordedChainHead]
        private let unreadable: [String]
        private var block = Pass.newBlock()
        private var worker: SerialWorker?

        /// Entries per block handed over, and the bytes to reserve for each: a block of the 1M
        /// bench's entries (~130 bytes of texts, ids, fingerprint and hash each) stays below
        /// `MallocTuning`'s mmap threshold, so blocks come from the heap and reuse its pages
        /// rather than mapping, faulting and zeroing fresh ones (that cost the reading thread
        /// about as much as the copies). At most 4 blocks wait for the worker.
        static let blockEntries = 1_024
        static let blockBytesPerEntry = 160

        /// Reads tenants, tenant changes, accounts and recorded heads; then feed it every entry.
        public init(_ snapshot: any LedgerSnapshot, watching: [ChainHeadEntry] = []) throws {
            let rows = try snapshot.chainMaterial()
            verifier = ChainVerifier(tenants: rows.tenants, tenantChanges: rows.tenantChanges, accounts: rows.accounts)
            (recorded, unreadable) = try snapshot.recordedChainHeads()
            for entry in recorded.map(\.entry) + watching {
                if let head = entry.head { verifier.watch(tenantID: entry.tenantID, head: head) }
            }
        }

        deinit {
            // A scan that failed part-way never calls `finish`: end the thread all the same.
            worker?.stop()
        }

        /// The next entry, in the order written (every entry from the first: the chain starts at genesis).
        public func add(_ entry: StoredEntryLink) {
            block.append(entry)
            if block.count >= Pass.blockEntries { handOver() }
        }

        private static func newBlock() -> StoredEntryBlock {
            StoredEntryBlock(entries: blockEntries, bytesPerEntry: blockBytesPerEntry)
        }

        /// Queues the block filled so far for the worker (started with the first full block: a
        /// small ledger is recomputed at `finish`, on the caller's thread).
        private func handOver() {
            let full = block
            block = Pass.newBlock()
            let worker = self.worker ?? SerialWorker(name: "ledger-recon.chain")
            self.worker = worker
            worker.enqueue { [self] in full.forEach { verifier.add($0) } }
        }

        /// The check's result, once every entry was added.
        public func finish() -> HashChainCheck {
            if let worker {
                // The chunks throw nothing: the drain only waits.
                try? worker.drain()
                worker.stop()
                self.worker = nil
            }
            block.forEach { verifier.add($0) }
            block = StoredEntryBlock()
            var violations = verifier.finish()
            // A tenant whose chain holds must still pass through every head a run recorded: links
            // deleted at the end, with the stored head rewritten to match, leave the chain whole.
            var flagged = Set(violations.map { OpaqueID($0.tenantID) })
            for record in recorded where !flagged.contains(OpaqueID(record.entry.tenantID)) {
                guard let head = record.entry.head else { continue }
                let verdict = verifier.verdict(tenantID: record.entry.tenantID, head: head)
                guard verdict != .holds else { continue }
                flagged.insert(OpaqueID(record.entry.tenantID))
                violations.append(CheckViolation(
                    check: .hashChain, tenantID: record.entry.tenantID, field: "run_heads",
                    detail: "tenant \(record.entry.tenantID): run \(record.runID) recorded the head \(head) \(record.moment) it, "
                        + "which the chain does not pass through (\(HashChainCheck.explain(verdict))): the chain or the runs table was edited"))
            }
            violations += unreadable.map { runID in
                CheckViolation(check: .hashChain, field: "run_heads",
                               detail: "run \(runID) has chain heads that are not a list of heads: the runs table was edited")
            }
            return HashChainCheck(violations: violations, verifier: verifier)
        }
    }

    /// Whether `tenantID`'s chain passes through `head` (one of `watching`, or a run's).
    public func verdict(tenantID: String, head: ChainHead) -> ChainVerifier.HeadVerdict {
        verifier.verdict(tenantID: tenantID, head: head)
    }

    /// The recomputed head of every tenant whose chain holds.
    public var heads: ChainHeads { verifier.heads }

    /// A verdict in words, for a break's detail or a problem line.
    public static func explain(_ verdict: ChainVerifier.HeadVerdict) -> String {
        switch verdict {
        case .holds: "the chain passes through it"
        case .differs(let recomputed): "that link's hash is \(recomputed.hex) now"
        case .beyondChain(let links): "the chain has only \(links) link\(links == 1 ? "" : "s")"
        case .broken(let position): "the chain breaks at link \(position), at or before it"
        case .unknownTenant: "the ledger has no such tenant"
        }
    }
}

/// What a ledger stores of the hash chain besides its entries, as `ChainVerifier` takes it.
public struct ChainMaterial: Sendable {
    public var tenants: [ChainVerifier.Tenant]
    public var tenantChanges: [ChainVerifier.TenantChange]
    public var accounts: [ChainVerifier.Account]

    public init(tenants: [ChainVerifier.Tenant], tenantChanges: [ChainVerifier.TenantChange], accounts: [ChainVerifier.Account]) {
        self.tenants = tenants
        self.tenantChanges = tenantChanges
        self.accounts = accounts
    }
}

/// One head a run recorded at its start (`before`) or end (`after`).
public struct RecordedChainHead: Sendable {
    public var runID: String
    public var moment: String
    public var entry: ChainHeadEntry

    public init(runID: String, moment: String, entry: ChainHeadEntry) {
        self.runID = runID
        self.moment = moment
        self.entry = entry
    }
}
