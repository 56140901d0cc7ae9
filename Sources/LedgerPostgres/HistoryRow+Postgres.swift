import LedgerCore
import LedgerStorage
internal import PostgresNIO

/// The columns of `PostgresHistoryQuery.recordsStatement` that `HistoryRow.init(_:)` decodes.
enum PostgresHistoryColumns {
    /// In decoding order (`p`: the page, `t` the transfer, `d`/`c` its debit and credit accounts,
    /// `x` its texts, `l` its migrated ids).
    static let list = """
        p.leg, t.id, t.entry_type, t.debit_account, t.credit_account, t.amount, t.debit_balance_after,
        t.credit_balance_after, t.created_at, t.ulid, COALESCE(t.idempotency_key, ''), x.transfer IS NOT NULL,
        x.description, x.reason, x.source, x.reference_id, l.transfer_id, l.debit_record, l.credit_record,
        d.user_id, c.user_id, c.kind
        """
}

extension HistoryRow {
    /// Decodes a row of `PostgresHistoryQuery.recordsStatement`; `HistoryRecord` derives what it shows.
    init(_ row: PostgresRow) throws {
        let (leg, id, entryType, debitAccount, creditAccount, amount, debitBalanceAfter, creditBalanceAfter, createdAt, ulid,
             idempotencyKey, hasTexts, description, reason, source, referenceID, transferID, debitRecord, creditRecord,
             debitUser, creditUser, kind) = try row.decode(
                (Int32, Int64, String, Int64, Int64, Int64, Int64, Int64, Int64, ByteBuffer?, String, Bool, String?, String?,
                 String?, String?, String?, String?, String?, String, String, String).self)
        let texts = hasTexts
            ? TransferTexts(description: description ?? "", reason: reason ?? "", source: source ?? "", referenceID: referenceID ?? "")
            : nil
        let legacyIDs = transferID.map {
            TransferIdentifiers(transferID: $0, debitRecordID: debitRecord ?? "", creditRecordID: creditRecord ?? "")
        }
        self.init(leg: Int(leg), rowID: id, entryType: entryType, debitAccount: debitAccount, creditAccount: creditAccount,
                  amount: amount, debitBalanceAfter: debitBalanceAfter, creditBalanceAfter: creditBalanceAfter,
                  createdAt: createdAt, ulid: ulid.map { Array($0.readableBytesView) }, idempotencyKey: idempotencyKey,
                  texts: texts, legacyIDs: legacyIDs, debitUser: debitUser, creditUser: creditUser, kind: kind)
    }
}
