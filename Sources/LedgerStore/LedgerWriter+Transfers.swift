import GRDB
import LedgerCore
import LedgerStorage

extension LedgerWriter {
    /// Decides a batch of one transfers file in ONE database transaction, in order; each row sees
    /// the effects of the rows before it. Returns one outcome per request.
    ///
    /// Per row, after validation: a decision recorded for it by an earlier run when the batch is
    /// covered by one (SPEC §2, §4), else the idempotency look-up (`duplicate` /
    /// `idempotency_conflict`), then `TransferRules` against the in-memory state. A rejected row
    /// writes no entry, so it does not consume its key, but its decision is recorded, with the
    /// file's checkpoint, in the same transaction. Keys written earlier in the same batch are found
    /// by the same look-up, since the batch's own inserts are visible inside its transaction.
    /// - Throws: database errors only; the batch is then rolled back and nothing of it remains.
    public func decide(_ batch: TransferBatch, in db: Database) throws -> BatchDecisions {
        try inBatchTransaction(db) {
            let inputFile = try batch.file.map { try inputFileID(for: $0, coveredBy: batch.coveredBy, in: db) }
            let context = try DecisionContext(batch, writer: self, inputFile: inputFile, db: db)
            var touched = Set<Int>()
            var decisions = BatchDecisions(outcomes: [], invalidRejections: [], lookAlikes: [:])
            decisions.outcomes.reserveCapacity(batch.requests.count)
            var rejections: [(line: Int, RecordedRejection)] = []
            let batchTime = batchMillis ?? now()
            for (line, rejection) in batch.invalidRows {
                let recorded = context.recorded[line] ?? RecordedRejection(rejection: rejection, decidedBy: runID)
                rejections.append((line, recorded))
                decisions.invalidRejections.append(context.reported(recorded))
            }
            for (index, request) in batch.requests.enumerated() {
                let line = request.origin.line
                if let recorded = context.recorded[line] {
                    rejections.append((line, recorded))
                    decisions.outcomes.append(.rejected(context.reported(recorded)))
                    continue
                }
                let outcome = try apply(request, context: context, batchTime: batchTime, touched: &touched,
                                        lookAlike: { decisions.lookAlikes[index] = $0 }, in: db)
                if case .rejected(let rejection) = outcome {
                    rejections.append((line, RecordedRejection(rejection: rejection, decidedBy: runID)))
                }
                decisions.outcomes.append(outcome)
            }
            try flush(touched, in: db, at: batchTime)
            if let file = batch.file, let inputFile {
                try recordProgress(file, inputFile: inputFile, rejections: rejections.sorted { $0.line < $1.line }, in: db)
            }
            return decisions
        }
    }

    /// Applies requests that come from no file as one batch (nothing about a file is recorded).
    public func apply(_ requests: [TransferRequest], in db: Database) throws -> [TransferOutcome] {
        try decide(TransferBatch(requests: requests, file: nil), in: db).outcomes
    }

    /// What deciding one batch needs besides the rows: where its entries come from, and the
    /// earlier decisions that cover it.
    struct DecisionContext {
        /// This run's `input_files` row for the file (nil for requests from no file).
        var inputFile: Int64?
        var coveredBy: DecidedInput?
        /// Recorded rejections of the covering file, by line.
        var recorded: [Int: RecordedRejection] = [:]
        /// When resuming: the files of the night's earlier runs at this position, whose entries
        /// count as applied by this night.
        var nightFiles: Set<Int64> = []

        init(_ batch: TransferBatch, writer: LedgerWriter, inputFile: Int64?, db: Database) throws {
            self.inputFile = inputFile
            coveredBy = batch.coveredBy
            guard let file = batch.file, let inputFile else { return }
            nightFiles = try writer.resumeChainFiles(position: file.position, in: db).union([inputFile])
            guard let covering = batch.coveredBy else { return }
            let lines = (batch.requests.map(\.origin.line) + batch.invalidRows.map(\.line))
            if let first = lines.min(), let last = lines.max() {
                recorded = try writer.recordedRejections(covering, lines: first...last, in: db)
            }
        }

        /// The rejection as results.csv shows it: as decided when resuming (the night goes on as
        /// if it had never stopped), naming the deciding run when replaying a finished file.
        func reported(_ recorded: RecordedRejection) -> Rejection {
            guard coveredBy?.use == .replay else { return recorded.rejection }
            return Rejection(recorded.rejection.code, recorded.rejection.message + " (decided by run \(recorded.decidedBy))")
        }
    }

    private func apply(
        _ request: TransferRequest, context: DecisionContext, batchTime: Int64, touched: inout Set<Int>,
        lookAlike: (String) -> Void, in db: Database
    ) throws -> TransferOutcome {
        switch try findTransfer(tenantID: request.tenantID, key: request.idempotencyKey, digest: request.digest, in: db) {
        case .none:
            break
        case .same(let transferID, let origin):
            // Applied by the night this run finishes, from this very row: it keeps its outcome.
            if context.coveredBy?.use == .resume, let file = origin.inputFile, context.nightFiles.contains(file),
               origin.line == request.origin.line {
                return .applied(transferID: transferID)
            }
            return .duplicate(originalTransferID: transferID)
        case .different(let prior):
            let fields = prior.fingerprint.differingFields(from: request.fingerprint)
            return .rejected(Rejection(
                .idempotencyConflict,
                "idempotency_key '\(request.idempotencyKey)' was used for a different request at \(prior.origin) "
                    + "(run \(prior.runID), transfer \(prior.transferID)); differs in "
                    + (fields.isEmpty ? "its stored fingerprint" : fields.joined(separator: ", "))
            ))
        }
        let tenant = tenants[request.tenantID]
        let asset = request.currency.map(Asset.init(currency:)) ?? tenant?.pointsAsset
        let senderIndex = asset.flatMap { accountIndex.index(of: AccountKey(tenantID: request.tenantID, kind: request.kind, asset: $0.code, userID: request.fromUserID), in: accounts) }
        let receiverIndex = asset.flatMap { accountIndex.index(of: AccountKey(tenantID: request.tenantID, kind: request.kind, asset: $0.code, userID: request.toUserID), in: accounts) }
        if let rejection = TransferRules.rejection(
            for: request, tenant: tenant,
            sender: senderIndex.map { accounts[$0].state }, receiver: receiverIndex.map { accounts[$0].state }
        ) {
            return .rejected(rejection)
        }
        guard let asset, let senderIndex, let receiverIndex else { preconditionFailure("TransferRules found both accounts") }
        if request.idempotencyKey.hasPrefix(DerivedKeyCounter.prefix),
           let original = try findLookAlike(request, notFrom: context.nightFiles, in: db) {
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
            origin: request.origin, inputFile: context.inputFile, createdAt: request.requestedAtMillis ?? batchTime
        )
        let transferID = try write(draft, debit: EntryLeg(accountIndex: senderIndex, change: debit),
                                   credit: EntryLeg(accountIndex: receiverIndex, change: credit), in: db)
        return .applied(transferID: transferID)
    }

    /// A transfer already recorded under a key: its id, content and where it came from.
    struct PriorTransfer {
        var transferID: String
        var fingerprint: RequestFingerprint
        var origin: RowOrigin
        var runID: String
    }

    enum KeyLookup {
        case none
        case same(transferID: String, origin: EntryOrigin)
        case different(PriorTransfer)
    }

    /// Where an entry's request came from: its file in this ledger's `input_files` (nil for entries
    /// written before files were recorded) and the line.
    struct EntryOrigin {
        var inputFile: Int64?
        var line: Int
    }

    /// Looks a key up in the ledger (this batch's uncommitted entries included) and compares the
    /// stored fingerprint with `digest`. The original's content is read only when they differ.
    ///
    /// Per key, in row order, as an index-only probe of `transfers_by_key`: rows that repeat a key
    /// inside the batch must see the rows before them, which a look-up of the whole batch's keys at
    /// once would have to overlay in memory. (A batched look-up was not measured against this.)
    func findTransfer(tenantID: String, key: String, digest: RequestDigest, in db: Database) throws -> KeyLookup {
        guard let tenant = tenantRowIDs[Array(tenantID.utf8)] else { return .none }
        // Most keys are new: one index-only probe answers them; the joined read runs only on a hit.
        let statements = try preparedStatements(db)
        let probe = statements.probeKey
        probe.bind(1, tenant)
        probe.bind(2, key)
        var found: Int64?
        try probe.query { row in found = row.int64(0) }
        guard let found else { return .none }
        let find = statements.findKey
        find.bind(1, found)
        var result = KeyLookup.none
        try find.query { row in
            let kind = AccountKind(rawValue: row.string(9)) ?? .wallet
            let transferID = LedgerWriter.transferID(ulid: row.blob(1), entryType: row.string(2), legacy: row, column: 16, kind: kind)
            guard RequestDigest(bytes: row.blob(3)) != digest else {
                result = .same(transferID: transferID,
                               origin: EntryOrigin(inputFile: row.isNull(4) ? nil : row.int64(4), line: Int(row.int64(5))))
                return
            }
            let fingerprint = RequestFingerprint(
                kind: kind, tenantID: tenantID, fromUserID: row.string(7), toUserID: row.string(8), amount: row.int64(17),
                currency: kind == .wallet ? row.string(10) : "", description: row.string(11), reason: row.string(12),
                source: row.string(13), referenceID: row.string(14)
            )
            result = .different(PriorTransfer(
                transferID: transferID, fingerprint: fingerprint,
                origin: RowOrigin(file: row.string(15), line: Int(row.int64(5))), runID: row.string(6)
            ))
        }
        return result
    }

    /// A stored transfer's id: from `transfer_legacy_ids` (column `column`) when migrated with
    /// one that does not follow the ULID rule, else derived from its ULID.
    static func transferID(ulid: [UInt8], entryType: String, legacy row: RawStatement, column: Int32, kind: AccountKind) -> String {
        if !row.isNull(column) { return row.string(column) }
        return (entryType == "opening" ? "opn_" : "trf_") + (TransferULID(blob: ulid) ?? TransferULID(0)).text
    }
}

extension LedgerWriter {
    /// A keyless request's look-alike (SPEC §2 "Keyless look-alikes"): a keyless transfer with the
    /// same fingerprint from another file or an earlier run. Identical rows of one file are not.
    func findLookAlike(_ request: TransferRequest, notFrom files: Set<Int64>, in db: Database) throws -> PriorTransfer? {
        guard let tenant = tenantRowIDs[Array(request.tenantID.utf8)] else { return nil }
        let find = try preparedStatements(db).findLookAlike
        find.bind(1, tenant)
        find.bind(2, blob: request.digest.bytes)
        // The night's files (one, or a few when resumed): bound four times, repeating the last.
        let excluded = files.sorted()
        for slot in 0..<4 { find.bind(Int32(3 + slot), excluded.isEmpty ? -1 : excluded[min(slot, excluded.count - 1)]) }
        var found: PriorTransfer?
        try find.query { row in
            guard found == nil, row.isNull(3) || !files.contains(row.int64(3)) else { return }
            let transferID = LedgerWriter.transferID(ulid: row.blob(0), entryType: "transfer", legacy: row, column: 5, kind: request.kind)
            found = PriorTransfer(transferID: transferID, fingerprint: request.fingerprint,
                                  origin: RowOrigin(file: row.string(1), line: Int(row.int64(2))), runID: row.string(4))
        }
        return found
    }
}
