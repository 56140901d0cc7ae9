public import LedgerCore

extension LedgerEngine {
    /// Decides a batch of one transfers file in ONE store transaction, in order; each row sees
    /// the effects of the rows before it. Returns one outcome per request.
    ///
    /// The batch's keys are looked up in one call before anything is written (`lookUpKeys`); a key
    /// that repeats inside the batch finds the batch's earlier row in `BatchKeys`, the overlay of
    /// what this batch applied. A rejected row writes no entry, so it does not consume its key, but
    /// its decision is recorded, with the file's checkpoint, in the same transaction.
    /// - Throws: store errors only; the batch is then rolled back and nothing of it remains.
    public func decide(_ batch: TransferBatch) throws -> BatchDecisions {
        try inBatchTransaction(deferringCommit: defersCommits) { touched in
            let inputFile = try batch.file.map { try inputFileID(for: $0, coveredBy: batch.coveredBy) }
            var pass = try BatchPass(batch, engine: self, inputFile: inputFile)
            var decisions = BatchDecisions(outcomes: [], invalidRejections: [], lookAlikes: [:])
            decisions.outcomes.reserveCapacity(batch.requests.count)
            for (line, rejection) in batch.invalidRows {
                let recorded = pass.recorded[line] ?? RecordedRejection(rejection: rejection, decidedBy: runID)
                pass.rejections.append((line, recorded))
                decisions.invalidRejections.append(pass.reported(recorded))
            }
            let stored = try lookUpKeys(of: batch.requests, skipping: pass.recorded)
            for start in stride(from: 0, to: batch.requests.count, by: LedgerEngine.accountLookUpChunk) {
                let end = min(start + LedgerEngine.accountLookUpChunk, batch.requests.count)
                let found = transferAccounts(of: batch.requests[start..<end])
                for index in start..<end {
                    let outcome = try decide(batch.requests, at: index, stored: stored[index], tenantRowID: stored.tenantRowID(of: index),
                                             found: found[index - start],
                                             pass: &pass, touched: &touched, lookAlike: { decisions.lookAlikes[index] = $0 })
                    decisions.outcomes.append(outcome)
                }
            }
            if let file = batch.file, let inputFile {
                try store.recordProgress(inputFile: inputFile, end: file.end, fileSHA256: file.fileSHA256,
                                         rejections: pass.rejections.sorted { $0.line < $1.line })
            }
            return decisions
        }
    }

    /// Applies requests that come from no file as one batch (nothing about a file is recorded).
    public func apply(_ requests: [TransferRequest]) throws -> [TransferOutcome] {
        try decide(TransferBatch(requests: requests, file: nil)).outcomes
    }

    /// One row's decision: SPEC §2's whole order after the stateless checks, the first that
    /// applies wins —
    /// 1. a decision recorded for this row by the run whose file covers the batch (resume/replay);
    /// 2. the idempotency look-up: the batch's own earlier rows first, then what `stored` found:
    ///    `duplicate` (or, resuming, the night's own application of this very row) or
    ///    `idempotency_conflict`;
    /// 3. `TransferRules` against the in-memory accounts (`not_found` … `insufficient_balance`);
    /// 4. applied, with a note when a keyless row looks like a transfer from another file or run.
    /// Rejections are collected in `pass` to be recorded with the batch.
    private func decide(
        _ requests: [TransferRequest], at index: Int, stored: KeyLookup, tenantRowID: Int64?, found: TransferAccounts, pass: inout BatchPass,
        touched: inout TouchedAccounts, lookAlike: (String) -> Void
    ) throws -> TransferOutcome {
        let request = requests[index]
        let line = request.origin.line
        if let recorded = pass.recorded[line] {
            pass.rejections.append((line, recorded))
            return .rejected(pass.reported(recorded))
        }
        let batchKey = tenantRowID.map { BatchKeys.Key(tenantRowID: $0, key: request.idempotencyKey) }
        let earlierInBatch = batchKey.flatMap {
            pass.batchKeys.lookUp($0, for: request, in: requests, inputFile: pass.inputFile, filePath: pass.filePath, runID: runID)
        }
        switch earlierInBatch ?? stored {
        case .none:
            break
        case .same(let transferID, let origin):
            // Applied by the night this run finishes, from this very row: it keeps its outcome.
            if pass.coveredBy?.use == .resume, let file = origin.inputFile, pass.nightFiles.contains(file), origin.line == line {
                return .applied(transferID: transferID)
            }
            return .duplicate(originalTransferID: transferID)
        case .different(let prior):
            let fields = prior.fingerprint.differingFields(from: request.fingerprint)
            return pass.reject(line, runID: runID, Rejection(
                .idempotencyConflict,
                "idempotency_key '\(request.idempotencyKey)' was used for a different request at \(prior.origin) "
                    + "(run \(prior.runID), transfer \(prior.transferID)); differs in "
                    + (fields.isEmpty ? "its stored fingerprint" : fields.joined(separator: ", "))
            ))
        }
        let (tenant, asset, senderIndex, receiverIndex) = (found.tenant, found.asset, found.sender, found.receiver)
        if let rejection = TransferRules.rejection(
            for: request, tenant: tenant,
            sender: senderIndex.map { accounts[$0].state }, receiver: receiverIndex.map { accounts[$0].state }
        ) {
            return pass.reject(line, runID: runID, rejection)
        }
        guard let asset, let senderIndex, let receiverIndex, let tenantRowID else {
            preconditionFailure("TransferRules found the tenant and both accounts")
        }
        if request.idempotencyKey.hasPrefix(DerivedKeyCounter.prefix),
           let original = try store.lookAlike(tenantRowID: tenantRowID, digest: request.digest, notFrom: pass.nightFiles) {
            lookAlike("possible duplicate of \(original.transferID) (\(original.origin))")
        }
        var sender = accounts[senderIndex].state, receiver = accounts[receiverIndex].state
        let (debit, credit) = TransferRules.apply(request, sender: &sender, receiver: &receiver)
        accounts[senderIndex].state = sender
        accounts[receiverIndex].state = receiver
        touched.insert(senderIndex)
        touched.insert(receiverIndex)

        let draft = EntryDraft(
            type: .transfer, tenantID: request.tenantID, asset: asset,
            idempotencyKey: request.idempotencyKey, fingerprint: request.digest, amount: request.amount,
            texts: TransferTexts(description: request.description, reason: request.reason, source: request.source,
                                 referenceID: request.referenceID, sourceFile: request.origin.file),
            origin: request.origin, inputFile: pass.inputFile, createdAt: request.requestedAtMillis ?? batchMillis ?? now()
        )
        let written = try write(draft, debit: EntryLeg(accountIndex: senderIndex, change: debit),
                                credit: EntryLeg(accountIndex: receiverIndex, change: credit))
        if let batchKey { pass.batchKeys.applied(batchKey, request: index, ulid: written.ulid) }
        return .applied(transferID: written.transferID)
    }

    /// Requests whose accounts are looked up together (`transferAccounts(of:)`): enough for the
    /// look-ups' memory reads to overlap, few enough that what they loaded is still cached when
    /// the rows are decided.
    static let accountLookUpChunk = 256

    /// Each request's tenant and asset (its currency, or its tenant's points) and the cache indexes of its
    /// sender's and receiver's accounts in that asset, found in one `CachedAccountIndex.indexes`
    /// call. Transfers open no account, so what is found here holds for the whole batch.
    private func transferAccounts(of requests: ArraySlice<TransferRequest>) -> [TransferAccounts] {
        var rows: [TransferAccounts] = [], keys: [AccountKey?] = []
        rows.reserveCapacity(requests.count)
        keys.reserveCapacity(2 * requests.count)
        for request in requests {
            let tenant = tenants[request.tenantID]
            let asset = request.currency.map(Asset.init(currency:)) ?? tenant?.pointsAsset
            rows.append(TransferAccounts(tenant: tenant, asset: asset))
            keys.append(asset.map { AccountKey(tenantID: request.tenantID, kind: request.kind, asset: $0.code, userID: request.fromUserID) })
            keys.append(asset.map { AccountKey(tenantID: request.tenantID, kind: request.kind, asset: $0.code, userID: request.toUserID) })
        }
        let found = accountIndex.indexes(of: keys, in: accounts)
        for row in rows.indices { (rows[row].sender, rows[row].receiver) = (found[2 * row], found[2 * row + 1]) }
        return rows
    }

    /// The stored answer for every request's key, in one store call: `.none` for rows that keep a
    /// recorded decision or name an unknown tenant (they are never looked up).
    private func lookUpKeys(of requests: [TransferRequest], skipping recorded: [Int: RecordedRejection]) throws -> StoredKeys {
        var probes: [KeyProbe] = []
        var probeOf: [Int32] = []
        probes.reserveCapacity(requests.count)
        probeOf.reserveCapacity(requests.count)
        for request in requests {
            guard recorded[request.origin.line] == nil, let tenantRowID = tenantRowIDs[OpaqueID(request.tenantID)] else {
                probeOf.append(-1)
                continue
            }
            probeOf.append(Int32(probes.count))
            probes.append(KeyProbe(tenantRowID: tenantRowID, tenantID: request.tenantID, key: request.idempotencyKey,
                                   digest: request.digest))
        }
        let found = probes.isEmpty ? [] : try store.lookUpKeys(probes)
        precondition(found.count == probes.count, "one answer per key probe")
        return StoredKeys(answers: found, probes: probes, probeOf: probeOf)
    }
}

/// A request's tenant (looked up once per row, here), its asset and the cache indexes of its two
/// accounts (nil: no such tenant, asset or account).
private struct TransferAccounts {
    var tenant: TenantConfig?
    var asset: Asset?
    var sender: Int? = nil
    var receiver: Int? = nil
}

/// The store's answers for a batch's keys, by request index (rows never looked up find nothing).
private struct StoredKeys {
    var answers: [KeyLookup]
    var probes: [KeyProbe]
    /// Per request, its probe's index in `answers`, or -1.
    var probeOf: [Int32]

    subscript(request: Int) -> KeyLookup { probeOf[request] < 0 ? .none : answers[Int(probeOf[request])] }

    /// The request's tenant row id as its probe found it: nil for a row never looked up (an unknown
    /// tenant; a recorded decision, which `decide` returns before it needs one), so the tenant is
    /// looked up once per row, for its probe.
    func tenantRowID(of request: Int) -> Int64? { probeOf[request] < 0 ? nil : probes[Int(probeOf[request])].tenantRowID }
}

/// What deciding one batch needs besides the rows, and what it collects: where its entries come
/// from, the earlier decisions that cover it, the keys it applied, and its rejections.
struct BatchPass {
    /// This run's input file row for the file (nil for requests from no file).
    var inputFile: Int64?
    /// The file's path as recorded (the origin a conflicting row of this batch names).
    var filePath: String?
    var coveredBy: DecidedInput?
    /// Recorded rejections of the covering file, by line.
    var recorded: [Int: RecordedRejection] = [:]
    /// When resuming: the files of the night's earlier runs at this position, whose entries
    /// count as applied by this night; always this run's own file.
    var nightFiles: Set<Int64> = []
    /// The keys this batch applied so far (the store's look-up ran before the batch's inserts).
    var batchKeys: BatchKeys
    /// Every rejection of the batch, with its line, to record.
    var rejections: [(line: Int, rejection: RecordedRejection)] = []

    init(_ batch: TransferBatch, engine: LedgerEngine, inputFile: Int64?) throws {
        batchKeys = BatchKeys(capacity: batch.requests.count)
        self.inputFile = inputFile
        filePath = batch.file?.path
        coveredBy = batch.coveredBy
        guard let file = batch.file, let inputFile else { return }
        nightFiles = try engine.resumeChainFiles(position: file.position).union([inputFile])
        guard let covering = batch.coveredBy else { return }
        let lines = (batch.requests.map(\.origin.line) + batch.invalidRows.map(\.line))
        if let first = lines.min(), let last = lines.max() {
            recorded = try engine.store.recordedRejections(inputFile: covering.id, lines: first...last)
        }
    }

    /// The rejection as results.csv shows it: as decided when resuming (the night goes on as
    /// if it had never stopped), naming the deciding run when replaying a finished file.
    func reported(_ recorded: RecordedRejection) -> Rejection {
        guard coveredBy?.use == .replay else { return recorded.rejection }
        return Rejection(recorded.rejection.code, recorded.rejection.message + " (decided by run \(recorded.decidedBy))")
    }

    /// A rejection this run decided: recorded with the batch.
    mutating func reject(_ line: Int, runID: String, _ rejection: Rejection) -> TransferOutcome {
        rejections.append((line, RecordedRejection(rejection: rejection, decidedBy: runID)))
        return .rejected(rejection)
    }
}
