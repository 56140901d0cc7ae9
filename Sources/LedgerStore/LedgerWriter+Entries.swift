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
    var fingerprint: [UInt8]?
    var fromUserID = ""
    var toUserID = ""
    var amount: Int64
    var description = ""
    var reason = ""
    var source = ""
    var referenceID = ""
    var origin: RowOrigin
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

    /// Records an entry and its two postings in the batch's insert buffers (written by
    /// `flushPendingRows`). The legs were already posted to the in-memory state; this asserts the
    /// entry balances before anything reaches the database. Returns the entry's row id.
    @discardableResult
    func write(_ draft: EntryDraft, debit: EntryLeg, credit: EntryLeg, in db: Database) throws -> Int64 {
        let debitAmount = debit.change.balanceAfter - debit.change.balanceBefore
        let creditAmount = credit.change.balanceAfter - credit.change.balanceBefore
        precondition(debitAmount + creditAmount == 0 && creditAmount == draft.amount, "a journal entry must sum to zero")
        let statements = try preparedStatements(db)
        let entryRowID = nextEntryRowID
        nextEntryRowID += 1
        statements.entries.append(
            .integer(entryRowID), .text(draft.transferID), .text(draft.type.rawValue), .text(draft.tenantID),
            .text(draft.asset.kind.rawValue), .text(draft.asset.code), draft.idempotencyKey.map(SQLValue.text) ?? .null,
            draft.fingerprint.map(SQLValue.blob) ?? .null, .text(draft.fromUserID), .text(draft.toUserID),
            .integer(draft.amount), .text(draft.asset.kind == .wallet ? draft.asset.code : ""), .text(draft.description),
            .text(draft.reason), .text(draft.source), .text(draft.referenceID), .text(runID), .text(draft.origin.file),
            .integer(Int64(draft.origin.line)), .integer(draft.createdAt)
        )
        let debitRecordID = newRecordID(for: draft.asset.kind)
        let creditRecordID = newRecordID(for: draft.asset.kind)
        let debitAccount = accounts[debit.accountIndex], creditAccount = accounts[credit.accountIndex]
        for (leg, amount, recordID, account, other, relatedID) in [
            (debit, debitAmount, debitRecordID, debitAccount, creditAccount, creditRecordID),
            (credit, creditAmount, creditRecordID, creditAccount, debitAccount, debitRecordID),
        ] {
            statements.postings.append(
                .text(recordID), .integer(entryRowID), .integer(account.rowID), .integer(leg.change.sequence), .integer(amount),
                .text(leg.recordType.rawValue), .integer(leg.change.balanceBefore), .integer(leg.change.balanceAfter),
                .text(other.key.userID), .text(relatedID), .integer(draft.createdAt)
            )
        }
        return entryRowID
    }

    /// Writes the buffered entries and postings (entries first: postings name them).
    func flushPendingRows(_ db: Database) throws {
        let statements = try preparedStatements(db)
        try statements.entries.flush(db)
        try statements.postings.flush(db)
    }
}
