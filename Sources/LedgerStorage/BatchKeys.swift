import LedgerCore

/// The idempotency keys a batch applied so far, as the store would answer for them once written:
/// the batch's keys are looked up in one call before its inserts, so a key repeated inside the
/// batch must find the earlier row here (SPEC §2: the second is a `duplicate` or an
/// `idempotency_conflict`, exactly as if the first had been committed in an earlier batch).
struct BatchKeys {
    /// A key within its tenant, compared by its bytes (keys are opaque ids).
    struct Key: Hashable {
        var tenantRowID: Int64
        var key: OpaqueID

        init(tenantRowID: Int64, key: String) {
            self.tenantRowID = tenantRowID
            self.key = OpaqueID(key)
        }
    }

    /// Per applied key, the request's index in the batch and its transfer's ULID: about 50 bytes a
    /// row, where holding each row's answer (`KeyLookup`) took ten times that at 50,000 rows.
    private var applied: [Key: (request: Int, ulid: TransferULID)] = [:]

    /// Room for `capacity` keys: grown a row at a time, the table was rehashed (every key's bytes
    /// hashed again) at each doubling, about half a second of a 1M-transfer run's engine thread.
    init(capacity: Int) {
        applied.reserveCapacity(capacity)
    }

    /// The answer for `request` under `key`, or nil when the batch has not applied the key.
    /// - Parameters:
    ///   - requests: the batch's requests (the earlier row is read from them);
    ///   - filePath: the file's path as recorded, nil for requests from no file.
    func lookUp(_ key: Key, for request: TransferRequest, in requests: [TransferRequest], inputFile: Int64?, filePath: String?,
                runID: String) -> KeyLookup? {
        guard let (index, ulid) = applied[key] else { return nil }
        let earlier = requests[index]
        let transferID = "trf_" + ulid.text
        guard earlier.digest != request.digest else {
            return .same(transferID: transferID, origin: EntryOrigin(inputFile: inputFile, line: earlier.origin.line))
        }
        // Its origin names the file as recorded, or for a request from no file the file it names
        // itself, as a stored transfer's would.
        let origin = RowOrigin(file: inputFile != nil ? (filePath ?? "") : earlier.origin.file, line: earlier.origin.line)
        return .different(PriorTransfer(transferID: transferID, fingerprint: earlier.fingerprint, origin: origin, runID: runID))
    }

    /// Remembers the key of the batch's request at `index`, applied as the transfer with `ulid`.
    mutating func applied(_ key: Key, request index: Int, ulid: TransferULID) {
        applied[key] = (index, ulid)
    }
}
