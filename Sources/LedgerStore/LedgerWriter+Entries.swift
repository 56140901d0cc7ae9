import GRDB
import LedgerCore
import LedgerStorage

/// A journal entry about to be written: what moved, between whom, and where the request came from.
struct EntryDraft {
    enum EntryType: String { case transfer, opening }

    var type: EntryType
    var tenantID: String
    var asset: Asset
    var idempotencyKey: String?
    var fingerprint: RequestDigest?
    var amount: Int64
    var texts: TransferTexts
    var origin: RowOrigin
    /// The `input_files` row the request was read from (transfers only).
    var inputFile: Int64?
    var createdAt: Int64
}

/// One side of an entry: the account and the posted change.
struct EntryLeg {
    var accountIndex: Int
    var change: AccountState.PostedChange
}

extension LedgerWriter {
    /// A new ULID on the batch's clock: one clock read per batch (`batchMillis`), so the ids a
    /// batch issues are consecutive and a transfer's records are its ULID + 1 and + 2.
    func nextULID() -> String { ids.reserve(1, millis: batchMillis ?? now()).text }

    /// A new id with the seeds' prefix for the kind of thing it names.
    func newID(prefix: String) -> String { prefix + nextULID() }

    /// Inserts an entry as one `transfers` row (and its texts when any says more than its type
    /// implies). The legs were already posted to the in-memory state; this asserts the entry
    /// balances before anything reaches the database. Returns the transfer's id.
    @discardableResult
    func write(_ draft: EntryDraft, debit: EntryLeg, credit: EntryLeg, in db: Database) throws -> String {
        let debitAmount = debit.change.balanceAfter - debit.change.balanceBefore
        let creditAmount = credit.change.balanceAfter - credit.change.balanceBefore
        precondition(debitAmount + creditAmount == 0 && creditAmount == draft.amount && draft.amount > 0,
                     "a journal entry must sum to zero")
        // The records' ids are the next two ULIDs: reserved (so never reused) and derived on reading.
        let ulid = ids.reserve(3, millis: batchMillis ?? now())
        let statements = try preparedStatements(db)
        var texts = draft.texts
        if draft.inputFile != nil || draft.type == .opening { texts.sourceFile = "" }
        let insert = statements.insertTransfer
        insert.bind(1, accounts[credit.accountIndex].tenantRowID)
        insert.bind(2, draft.type.rawValue)
        insert.bind(3, accounts[debit.accountIndex].rowID)
        insert.bind(4, accounts[credit.accountIndex].rowID)
        insert.bind(5, draft.amount)
        insert.bind(6, debit.change.sequence)
        insert.bind(7, debit.change.balanceAfter)
        insert.bind(8, credit.change.sequence)
        insert.bind(9, credit.change.balanceAfter)
        insert.bind(10, draft.createdAt)
        insert.bind(11, blob: ulid.blob)
        insert.bind(12, draft.idempotencyKey)
        if let fingerprint = draft.fingerprint { insert.bind(13, blob: fingerprint.bytes) } else { insert.bind(13, nil as String?) }
        insert.bind(14, try runRowID(db))
        if let inputFile = draft.inputFile { insert.bind(15, inputFile) } else { insert.bind(15, nil as String?) }
        insert.bind(16, Int64(draft.origin.line))
        insert.bind(17, blob: entryChainHash(draft, texts: texts, ulid: ulid, debit: debit, credit: credit))
        try insert.execute()
        if !texts.isImplied(entryType: draft.type.rawValue) {
            let insertTexts = statements.insertTexts
            insertTexts.bind(1, db.lastInsertedRowID)
            insertTexts.bind(2, texts.description)
            insertTexts.bind(3, texts.reason)
            insertTexts.bind(4, texts.source)
            insertTexts.bind(5, texts.referenceID)
            insertTexts.bind(6, texts.sourceFile)
            try insertTexts.execute()
        }
        accounts[debit.accountIndex].postedDebits += Int128(draft.amount)
        accounts[credit.accountIndex].postedCredits += Int128(draft.amount)
        return (draft.type == .opening ? "opn_" : "trf_") + ulid.text
    }
}
