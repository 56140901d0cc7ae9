import LedgerCore

/// A journal entry about to be written: what moved, between whom, and where the request came from.
struct EntryDraft {
    var type: TransferRecord.EntryType
    var tenantID: String
    var asset: Asset
    var idempotencyKey: String?
    var fingerprint: RequestDigest?
    var amount: Int64
    var texts: TransferTexts
    var origin: RowOrigin
    /// The input file row the request was read from (transfers only).
    var inputFile: Int64?
    var createdAt: Int64
}

/// One side of an entry: the account and the posted change.
struct EntryLeg {
    var accountIndex: Int
    var change: AccountState.PostedChange
}

extension LedgerEngine {
    /// A new ULID on the batch's clock: one clock read per batch (`batchMillis`), so the ids a
    /// batch issues are consecutive and a transfer's records are its ULID + 1 and + 2.
    func nextULID() -> String { ids.reserve(1, millis: batchMillis ?? now()).text }

    /// A new id with the seeds' prefix for the kind of thing it names.
    func newID(prefix: String) -> String { prefix + nextULID() }

    /// Adds an entry to the batch's transfers (appended to the store before the batch commits).
    /// The legs were already posted to the in-memory state; this asserts the entry balances
    /// before anything reaches the store. Returns the transfer's ULID and its id (`trf_`/`opn_` + it,
    /// spelled once for both the chain link and the outcome).
    @discardableResult
    func write(_ draft: EntryDraft, debit: EntryLeg, credit: EntryLeg) throws -> (ulid: TransferULID, transferID: String) {
        let debitAmount = debit.change.balanceAfter - debit.change.balanceBefore
        let creditAmount = credit.change.balanceAfter - credit.change.balanceBefore
        precondition(debitAmount + creditAmount == 0 && creditAmount == draft.amount && draft.amount > 0,
                     "a journal entry must sum to zero")
        // The records' ids are the next two ULIDs: reserved (so never reused) and derived on reading.
        let ulid = ids.reserve(3, millis: batchMillis ?? now())
        var texts = draft.texts
        if draft.inputFile != nil || draft.type == .opening { texts.sourceFile = "" }
        let transferID = ulid.transferID(opening: draft.type == .opening)
        let chainHash = entryChainHash(draft, texts: texts, transferID: transferID, debit: debit, credit: credit)
        pendingTransfers.append(TransferRecord(
            tenantRowID: accounts[credit.accountIndex].tenantRowID, entryType: draft.type,
            legs: TransferLegs(
                debitAccount: accounts[debit.accountIndex].rowID, creditAccount: accounts[credit.accountIndex].rowID,
                amount: draft.amount, debitSequence: debit.change.sequence, debitBalanceAfter: debit.change.balanceAfter,
                creditSequence: credit.change.sequence, creditBalanceAfter: credit.change.balanceAfter),
            createdAt: draft.createdAt,
            ulid: ulid, idempotencyKey: draft.idempotencyKey, fingerprint: draft.fingerprint, runRowID: try ensureRunRowID(),
            inputFile: draft.inputFile, line: draft.origin.line, texts: texts, chainHash: chainHash
        ))
        accounts[debit.accountIndex].postedDebits += Int128(draft.amount)
        accounts[credit.accountIndex].postedCredits += Int128(draft.amount)
        if pendingTransfers.count >= LedgerEngine.appendChunk { try appendPendingTransfers() }
        return (ulid, transferID)
    }

    /// Entries handed to the store per `appendTransfers` call: a whole 50,000-row batch held as
    /// records would add ~13 MB to the run's peak, while 1,024 per call keep the calls few.
    static let appendChunk = 1_024

    /// Appends the open batch's entries written so far (the batch's key look-up already ran, and
    /// its repeated keys are found in `BatchKeys`, so appending early changes no decision).
    func appendPendingTransfers() throws {
        guard !pendingTransfers.isEmpty else { return }
        try store.appendTransfers(pendingTransfers)
        pendingTransfers.removeAll(keepingCapacity: true)
    }
}
