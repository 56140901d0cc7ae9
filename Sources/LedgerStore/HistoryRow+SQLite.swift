import GRDB
import LedgerCore
import LedgerStorage

extension HistoryRow {
    /// Decodes a row of `LedgerQueries.pageStatement`; `HistoryRecord` derives what it shows.
    init(_ row: Row) {
        let ulid: [UInt8]? = if case .blob(let data) = (row["ulid"] as DatabaseValue).storage { [UInt8](data) } else { nil }
        let legacyIDs = (row["transfer_id"] as String?).map {
            TransferIdentifiers(transferID: $0, debitRecordID: row["debit_record"], creditRecordID: row["credit_record"])
        }
        let texts = (row["has_texts"] as Bool)
            ? TransferTexts(description: row["description"], reason: row["reason"], source: row["source"], referenceID: row["reference_id"])
            : nil
        self.init(leg: row["leg"], rowID: row["id"], entryType: row["entry_type"], debitAccount: row["debit_account"],
                  creditAccount: row["credit_account"], amount: row["amount"], debitBalanceAfter: row["debit_balance_after"],
                  creditBalanceAfter: row["credit_balance_after"], createdAt: row["created_at"], ulid: ulid,
                  idempotencyKey: row["idempotency_key"], texts: texts, legacyIDs: legacyIDs,
                  debitUser: row["debit_user"], creditUser: row["credit_user"], kind: row["kind"])
    }
}
