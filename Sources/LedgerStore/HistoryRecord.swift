import GRDB
import LedgerCore
import LedgerStorage

/// One transaction record read from a `transfers` row: the leg of the row that is on the listed
/// account, with what the seeds show derived from the row (SPEC §2 "Transaction records").
struct HistoryRecord {
    enum Leg: Int {
        case debit = 0
        case credit = 1

        /// The column prefix of this leg (`debit_account`, `credit_sequence`…).
        var column: String { self == .debit ? "debit" : "credit" }
    }

    var id: String
    var account: LedgerQueries.HistoryAccount
    var type: RecordType
    var amount: Int64
    var balanceBefore: Int64
    var balanceAfter: Int64
    var counterpartyID: String
    var relatedID: String
    var texts: TransferTexts
    var idempotencyKey: String
    var createdAt: Int64

    /// Reads a row of `LedgerQueries.pageStatement`.
    init(_ row: Row, accounts: [Int64: LedgerQueries.HistoryAccount]) throws {
        guard let leg = Leg(rawValue: row["leg"]) else { throw LedgerQueryError.unreadable("a record of an unknown leg") }
        let accountRowID: Int64 = leg == .debit ? row["debit_account"] : row["credit_account"]
        guard let account = accounts[accountRowID] else { throw LedgerQueryError.unreadable("posting of an account not asked for") }
        let entryType: String = row["entry_type"]
        let isOpening = entryType == "opening"
        let kind = AccountKind(rawValue: row["kind"]) ?? account.asset.kind
        let ids: TransferIdentifiers
        if let transferID = row["transfer_id"] as String? {
            ids = TransferIdentifiers(transferID: transferID, debitRecordID: row["debit_record"], creditRecordID: row["credit_record"])
        } else {
            let blob = (row["ulid"] as DatabaseValue).storage
            guard case .blob(let data) = blob, let ulid = TransferULID(blob: [UInt8](data)) else {
                throw LedgerQueryError.unreadable("transfer row \(row["id"] as Int64) has no ULID")
            }
            ids = TransferIdentifiers(ulid: ulid, entryType: entryType, kind: kind)
        }
        let amount: Int64 = row["amount"]
        let types = RecordType.transferTypes(for: account.asset.kind)
        self.account = account
        self.amount = amount
        createdAt = row["created_at"]
        idempotencyKey = row["idempotency_key"]
        texts = (row["has_texts"] as Bool)
            ? TransferTexts(description: row["description"], reason: row["reason"], source: row["source"], referenceID: row["reference_id"])
            : TransferTexts.implied(entryType: entryType)
        switch leg {
        case .debit:
            id = ids.debitRecordID
            type = types.sender
            balanceAfter = row["debit_balance_after"]
            balanceBefore = Int64(clamping: Int128(balanceAfter) + Int128(amount))
            counterpartyID = row["credit_user"]
            relatedID = ids.creditRecordID
        case .credit:
            id = ids.creditRecordID
            type = isOpening ? RecordType.openingType(for: account.asset.kind) : types.receiver
            balanceAfter = row["credit_balance_after"]
            balanceBefore = Int64(clamping: Int128(balanceAfter) - Int128(amount))
            counterpartyID = row["debit_user"]
            relatedID = isOpening ? "" : ids.debitRecordID
        }
    }

    var pointsRecord: PointsRecord {
        PointsRecord(
            id: id, accountID: account.accountID, userID: account.userID, type: type.rawValue, amount: amount,
            balanceBefore: balanceBefore, balanceAfter: balanceAfter, description: texts.description, reason: texts.reason,
            source: texts.source, relatedID: relatedID, idempotencyKey: idempotencyKey, createdAt: createdAt
        )
    }

    var walletRecord: WalletRecord {
        WalletRecord(
            id: id, walletID: account.accountID, type: type.rawValue, amount: amount, balanceBefore: balanceBefore,
            balanceAfter: balanceAfter, asset: account.asset, counterpartyID: counterpartyID, description: texts.description,
            referenceID: texts.referenceID, createdAt: createdAt
        )
    }
}
