import GRDB
import LedgerCore

/// A journal entry about to be written: what moved, between whom, and where the request came from.
struct EntryDraft {
    enum EntryType: String { case transfer, opening }

    var transferID: String
    var type: EntryType
    var tenantID: String
    var asset: Asset
    var idempotencyKey: String?
    var fingerprint: RequestDigest?
    var fromUserID = ""
    var toUserID = ""
    var amount: Int64
    var description = ""
    var reason = ""
    var source = ""
    var referenceID = ""
    var origin: RowOrigin
    /// The `input_files` row the request was read from (transfers only).
    var inputFile: Int64?
    var createdAt: Int64
}

/// One side of an entry: the account, its record type, and the posted change.
struct EntryLeg {
    var accountIndex: Int
    var recordType: RecordType
    var change: AccountState.PostedChange
}

extension LedgerWriter {
    /// A new id with the seeds' prefix for the kind of thing it names.
    func newID(prefix: String) -> String { prefix + ids.next(nowMillis: now()) }

    /// Record ids as the seeds show them: `txn_…` for wallet records, a bare ULID for points.
    func newRecordID(for kind: AccountKind) -> String { newID(prefix: kind == .wallet ? "txn_" : "") }

    /// Inserts an entry and its two postings. The legs were already posted to the in-memory state;
    /// this asserts the entry balances before anything reaches the database.
    func write(_ draft: EntryDraft, debit: EntryLeg, credit: EntryLeg, in db: Database) throws {
        let debitAmount = debit.change.balanceAfter - debit.change.balanceBefore
        let creditAmount = credit.change.balanceAfter - credit.change.balanceBefore
        precondition(debitAmount + creditAmount == 0 && creditAmount == draft.amount, "a journal entry must sum to zero")
        let statements = try preparedStatements(db)
        let entry = statements.insertEntry
        entry.bind(1, draft.transferID)
        entry.bind(2, draft.type.rawValue)
        entry.bind(3, draft.tenantID)
        entry.bind(4, draft.asset.kind.rawValue)
        entry.bind(5, draft.asset.code)
        entry.bind(6, draft.idempotencyKey)
        if let fingerprint = draft.fingerprint { entry.bind(7, blob: fingerprint.bytes) } else { entry.bind(7, nil as String?) }
        entry.bind(8, draft.fromUserID)
        entry.bind(9, draft.toUserID)
        entry.bind(10, draft.amount)
        entry.bind(11, draft.asset.kind == .wallet ? draft.asset.code : "")
        entry.bind(12, draft.description)
        entry.bind(13, draft.reason)
        entry.bind(14, draft.source)
        entry.bind(15, draft.referenceID)
        entry.bind(16, runID)
        entry.bind(17, draft.origin.file)
        entry.bind(18, Int64(draft.origin.line))
        entry.bind(19, draft.createdAt)
        if let inputFile = draft.inputFile { entry.bind(20, inputFile) } else { entry.bind(20, nil as String?) }
        try entry.execute()
        let entryRowID = db.lastInsertedRowID

        let debitRecordID = newRecordID(for: draft.asset.kind)
        let creditRecordID = newRecordID(for: draft.asset.kind)
        // Field by field: copying a whole cached account per posting showed up in profiles.
        try insertPosting(entryRowID, leg: debit, amount: debitAmount, recordID: debitRecordID,
                          counterparty: accounts[credit.accountIndex].key.userID, relatedID: creditRecordID,
                          accountRowID: accounts[debit.accountIndex].rowID, createdAt: draft.createdAt, statements: statements)
        try insertPosting(entryRowID, leg: credit, amount: creditAmount, recordID: creditRecordID,
                          counterparty: accounts[debit.accountIndex].key.userID, relatedID: debitRecordID,
                          accountRowID: accounts[credit.accountIndex].rowID, createdAt: draft.createdAt, statements: statements)
    }

    private func insertPosting(
        _ entryRowID: Int64, leg: EntryLeg, amount: Int64, recordID: String, counterparty: String, relatedID: String,
        accountRowID: Int64, createdAt: Int64, statements: WriterStatements
    ) throws {
        let posting = statements.insertPosting
        posting.bind(1, recordID)
        posting.bind(2, entryRowID)
        posting.bind(3, accountRowID)
        posting.bind(4, leg.change.sequence)
        posting.bind(5, amount)
        posting.bind(6, leg.recordType.rawValue)
        posting.bind(7, leg.change.balanceBefore)
        posting.bind(8, leg.change.balanceAfter)
        posting.bind(9, counterparty)
        posting.bind(10, relatedID)
        posting.bind(11, createdAt)
        try posting.execute()
    }
}
