import GRDB
import LedgerCore

extension LedgerWriter {
    /// Applies a batch of validated requests in ONE database transaction, in order; each row sees
    /// the effects of the rows before it. Returns one outcome per request.
    ///
    /// Per row, after validation: the idempotency look-up (`duplicate` / `idempotency_conflict`),
    /// then `TransferRules` against the in-memory state. A rejected row writes nothing, so it
    /// does not consume its key. Keys written earlier in the same batch are found by the same
    /// look-up, since the batch's own inserts are visible inside its transaction.
    /// - Throws: database errors only; the batch is then rolled back and nothing of it remains.
    public func apply(_ requests: [TransferRequest], in db: Database) throws -> [TransferOutcome] {
        try inBatchTransaction(db) {
            var touched = Set<Int>()
            var outcomes: [TransferOutcome] = []
            outcomes.reserveCapacity(requests.count)
            let batchTime = now()
            for request in requests {
                outcomes.append(try apply(request, batchTime: batchTime, touched: &touched, in: db))
            }
            try flush(touched, in: db, at: batchTime)
            return outcomes
        }
    }

    private func apply(_ request: TransferRequest, batchTime: Int64, touched: inout Set<Int>, in db: Database) throws -> TransferOutcome {
        switch try findTransfer(tenantID: request.tenantID, key: request.idempotencyKey, digest: request.digest, in: db) {
        case .none:
            break
        case .same(let transferID):
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
        let senderIndex = asset.flatMap { accountIndex[AccountKey(tenantID: request.tenantID, kind: request.kind, asset: $0.code, userID: request.fromUserID)] }
        let receiverIndex = asset.flatMap { accountIndex[AccountKey(tenantID: request.tenantID, kind: request.kind, asset: $0.code, userID: request.toUserID)] }
        if let rejection = TransferRules.rejection(
            for: request, tenant: tenant,
            sender: senderIndex.map { accounts[$0].state }, receiver: receiverIndex.map { accounts[$0].state }
        ) {
            return .rejected(rejection)
        }
        guard let asset, let senderIndex, let receiverIndex else { preconditionFailure("TransferRules found both accounts") }
        var sender = accounts[senderIndex].state, receiver = accounts[receiverIndex].state
        let (debit, credit) = TransferRules.apply(request, sender: &sender, receiver: &receiver)
        accounts[senderIndex].state = sender
        accounts[receiverIndex].state = receiver
        touched.insert(senderIndex)
        touched.insert(receiverIndex)

        let transferID = newID(prefix: "trf_")
        let types = RecordType.transferTypes(for: request.kind)
        let draft = EntryDraft(
            transferID: transferID, type: .transfer, tenantID: request.tenantID, asset: asset,
            idempotencyKey: request.idempotencyKey, fingerprint: request.digest,
            fromUserID: request.fromUserID, toUserID: request.toUserID, amount: request.amount,
            description: request.description, reason: request.reason, source: request.source,
            referenceID: request.referenceID, origin: request.origin, createdAt: request.requestedAtMillis ?? batchTime
        )
        try write(draft, debit: EntryLeg(accountIndex: senderIndex, recordType: types.sender, change: debit),
                  credit: EntryLeg(accountIndex: receiverIndex, recordType: types.receiver, change: credit), in: db)
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
        case same(transferID: String)
        case different(PriorTransfer)
    }

    /// Looks a key up in the ledger (this batch's uncommitted entries included) and compares the
    /// stored fingerprint with `digest`. The original's content is read only when they differ.
    func findTransfer(tenantID: String, key: String, digest: RequestDigest, in db: Database) throws -> KeyLookup {
        let find = try preparedStatements(db).findKey
        find.bind(1, tenantID)
        find.bind(2, key)
        var result = KeyLookup.none
        try find.query { row in
            guard RequestDigest(bytes: row.blob(1)) != digest else {
                result = .same(transferID: row.string(0))
                return
            }
            let fingerprint = RequestFingerprint(
                kind: AccountKind(rawValue: row.string(2)) ?? .wallet, tenantID: tenantID, fromUserID: row.string(3),
                toUserID: row.string(4), amount: row.int64(5), currency: row.string(6), description: row.string(7),
                reason: row.string(8), source: row.string(9), referenceID: row.string(10)
            )
            result = .different(PriorTransfer(
                transferID: row.string(0), fingerprint: fingerprint,
                origin: RowOrigin(file: row.string(11), line: Int(row.int64(12))), runID: row.string(13)
            ))
        }
        return result
    }
}
