import LedgerCore
import LedgerStorage
internal import PostgresNIO

/// One transaction record read from a row of `PostgresHistoryQuery.recordsStatement`: the leg of
/// the transfer that is on the listed account, with what the seeds show derived from the row, as
/// SQLite's `HistoryRecord` derives it (SPEC §2 "Transaction records").
struct PostgresHistoryRecord {
    /// An account whose history is listed: its row id, public id, user and asset.
    struct Account {
        var rowID: Int64
        var accountID: String
        var userID: String
        var asset: Asset
    }

    /// The columns `init` reads, in its order (`p`: the page, `t` the transfer, `d`/`c` its debit and
    /// credit accounts, `x` its texts, `l` its migrated ids).
    static let columns = """
        p.leg, t.id, t.entry_type, t.debit_account, t.credit_account, t.amount, t.debit_balance_after,
        t.credit_balance_after, t.created_at, t.ulid, COALESCE(t.idempotency_key, ''), x.transfer IS NOT NULL,
        x.description, x.reason, x.source, x.reference_id, l.transfer_id, l.debit_record, l.credit_record,
        d.user_id, c.user_id, c.kind
        """

    var id: String
    var account: Account
    var type: RecordType
    var amount: Int64
    var balanceBefore: Int64
    var balanceAfter: Int64
    var counterpartyID: String
    var relatedID: String
    var texts: TransferTexts
    var idempotencyKey: String
    var createdAt: Int64

    /// The row as decoded, before the accounts it names are known.
    struct Row: Sendable {
        var leg: Int32, id: Int64, entryType: String, debitAccount: Int64, creditAccount: Int64, amount: Int64
        var debitBalanceAfter: Int64, creditBalanceAfter: Int64, createdAt: Int64, ulid: [UInt8], idempotencyKey: String
        var hasTexts: Bool, description: String?, reason: String?, source: String?, referenceID: String?
        var transferID: String?, debitRecord: String?, creditRecord: String?, debitUser: String, creditUser: String, kind: String

        init(_ row: PostgresRow) throws {
            let ulidBytes: ByteBuffer
            (leg, id, entryType, debitAccount, creditAccount, amount, debitBalanceAfter, creditBalanceAfter, createdAt, ulidBytes,
             idempotencyKey, hasTexts, description, reason, source, referenceID, transferID, debitRecord, creditRecord,
             debitUser, creditUser, kind) = try row.decode(
                (Int32, Int64, String, Int64, Int64, Int64, Int64, Int64, Int64, ByteBuffer, String, Bool, String?, String?,
                 String?, String?, String?, String?, String?, String, String, String).self)
            ulid = Array(ulidBytes.readableBytesView)
        }
    }

    init(_ row: Row, accounts: [Int64: Account]) throws {
        let isDebit = row.leg == 0
        guard row.leg == 0 || row.leg == 1 else { throw LedgerQueryError.unreadable("a record of an unknown leg") }
        guard let account = accounts[isDebit ? row.debitAccount : row.creditAccount] else {
            throw LedgerQueryError.unreadable("posting of an account not asked for")
        }
        let isOpening = row.entryType == "opening"
        let kind = AccountKind(rawValue: row.kind) ?? account.asset.kind
        let ids: TransferIdentifiers
        if let transferID = row.transferID {
            ids = TransferIdentifiers(transferID: transferID, debitRecordID: row.debitRecord ?? "", creditRecordID: row.creditRecord ?? "")
        } else {
            guard let ulid = TransferULID(blob: row.ulid) else { throw LedgerQueryError.unreadable("transfer row \(row.id) has no ULID") }
            ids = TransferIdentifiers(ulid: ulid, entryType: row.entryType, kind: kind)
        }
        let types = RecordType.transferTypes(for: account.asset.kind)
        self.account = account
        amount = row.amount
        createdAt = row.createdAt
        idempotencyKey = row.idempotencyKey
        texts = row.hasTexts
            ? TransferTexts(description: row.description ?? "", reason: row.reason ?? "", source: row.source ?? "",
                            referenceID: row.referenceID ?? "")
            : TransferTexts.implied(entryType: row.entryType)
        if isDebit {
            id = ids.debitRecordID
            type = types.sender
            balanceAfter = row.debitBalanceAfter
            balanceBefore = Int64(clamping: Int128(balanceAfter) + Int128(amount))
            counterpartyID = row.creditUser
            relatedID = ids.creditRecordID
        } else {
            id = ids.creditRecordID
            type = isOpening ? RecordType.openingType(for: account.asset.kind) : types.receiver
            balanceAfter = row.creditBalanceAfter
            balanceBefore = Int64(clamping: Int128(balanceAfter) - Int128(amount))
            counterpartyID = row.debitUser
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
