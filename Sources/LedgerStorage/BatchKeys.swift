import LedgerCore

/// The idempotency keys a batch applied so far, as the store would answer for them once written:
/// the batch's keys are looked up in one call before its inserts, so a key repeated inside the
/// batch must find the earlier row here (SPEC §2: the second is a `duplicate` or an
/// `idempotency_conflict`, exactly as if the first had been committed in an earlier batch).
struct BatchKeys {
    /// A key within its tenant, compared by bytes (keys are opaque ids).
    struct Key: Hashable {
        var tenantRowID: Int64
        var key: [UInt8]

        init(tenantRowID: Int64, key: String) {
            self.tenantRowID = tenantRowID
            self.key = Array(key.utf8)
        }
    }

    private var applied: [Key: (digest: RequestDigest, transferID: String, origin: EntryOrigin, prior: PriorTransfer)] = [:]

    /// The answer for a request with `digest` under `key`, or nil when the batch has not applied the key.
    func lookUp(_ key: Key, digest: RequestDigest) -> KeyLookup? {
        guard let found = applied[key] else { return nil }
        return found.digest == digest ? .same(transferID: found.transferID, origin: found.origin) : .different(found.prior)
    }

    /// Remembers an applied request's key. Its origin names the file as recorded (`filePath`), or
    /// for a request from no file the file it names itself, as a stored transfer's would.
    mutating func applied(_ request: TransferRequest, transferID: String, tenantRowID: Int64, inputFile: Int64?,
                          filePath: String?, runID: String) {
        let origin = RowOrigin(file: inputFile != nil ? (filePath ?? "") : request.origin.file, line: request.origin.line)
        applied[Key(tenantRowID: tenantRowID, key: request.idempotencyKey)] = (
            request.digest, transferID, EntryOrigin(inputFile: inputFile, line: request.origin.line),
            PriorTransfer(transferID: transferID, fingerprint: request.fingerprint, origin: origin, runID: runID)
        )
    }
}
