package import LedgerCore

/// An account whose history `transactions` lists: its row id, public id, user and asset.
package struct HistoryAccount: Sendable {
    package var rowID: Int64
    package var accountID: String
    package var userID: String
    package var asset: Asset

    package init(rowID: Int64, accountID: String, userID: String, asset: Asset) {
        self.rowID = rowID
        self.accountID = accountID
        self.userID = userID
        self.asset = asset
    }
}

/// A transfer row as a history page reads it, one per listed leg, decoded by the backend: the
/// stored columns only, so that what the seeds show is derived once, here (`HistoryRecord`).
package struct HistoryRow: Sendable {
    package enum Leg: Int, Sendable {
        case debit = 0
        case credit = 1

        /// The column prefix of this leg (`debit_account`, `credit_sequence`…).
        package var column: String { self == .debit ? "debit" : "credit" }
    }

    package var leg: Int
    package var rowID: Int64
    package var entryType: String
    package var debitAccount: Int64
    package var creditAccount: Int64
    package var amount: Int64
    package var debitBalanceAfter: Int64
    package var creditBalanceAfter: Int64
    package var createdAt: Int64
    /// The transfer's ULID as stored (16 bytes); nil or wrong for a row of an older schema that
    /// kept its ids (`legacyIDs`).
    package var ulid: [UInt8]?
    package var idempotencyKey: String
    /// The row's free texts when it stored any (`transfer_texts`), nil when its type implies them.
    package var texts: TransferTexts?
    /// The ids an older schema kept (`transfer_legacy_ids`), nil for ULID-derived ids.
    package var legacyIDs: TransferIdentifiers?
    package var debitUser: String
    package var creditUser: String
    /// The accounts' kind as stored (the record ids' prefix).
    package var kind: String

    package init(leg: Int, rowID: Int64, entryType: String, debitAccount: Int64, creditAccount: Int64, amount: Int64,
                 debitBalanceAfter: Int64, creditBalanceAfter: Int64, createdAt: Int64, ulid: [UInt8]?,
                 idempotencyKey: String, texts: TransferTexts?, legacyIDs: TransferIdentifiers?,
                 debitUser: String, creditUser: String, kind: String) {
        self.leg = leg
        self.rowID = rowID
        self.entryType = entryType
        self.debitAccount = debitAccount
        self.creditAccount = creditAccount
        self.amount = amount
        self.debitBalanceAfter = debitBalanceAfter
        self.creditBalanceAfter = creditBalanceAfter
        self.createdAt = createdAt
        self.ulid = ulid
        self.idempotencyKey = idempotencyKey
        self.texts = texts
        self.legacyIDs = legacyIDs
        self.debitUser = debitUser
        self.creditUser = creditUser
        self.kind = kind
    }
}

/// One transaction record of a history page: the leg of a transfer that is on the listed account,
/// with what the seeds show derived from the stored row (SPEC §2 "Transaction records"). Every
/// backend derives its records here, so their pages cannot drift apart.
package struct HistoryRecord {
    var id: String
    var account: HistoryAccount
    var type: RecordType
    var amount: Int64
    var balanceBefore: Int64
    var balanceAfter: Int64
    var counterpartyID: String
    var relatedID: String
    var texts: TransferTexts
    var idempotencyKey: String
    var createdAt: Int64

    /// - Throws: `LedgerQueryError.unreadable` for a leg that is neither side, an account not
    ///   asked for, or a row with neither a ULID nor kept ids.
    package init(_ row: HistoryRow, accounts: [Int64: HistoryAccount]) throws {
        guard let leg = HistoryRow.Leg(rawValue: row.leg) else { throw LedgerQueryError.unreadable("a record of an unknown leg") }
        guard let account = accounts[leg == .debit ? row.debitAccount : row.creditAccount] else {
            throw LedgerQueryError.unreadable("posting of an account not asked for")
        }
        let isOpening = row.entryType == "opening"
        let ids: TransferIdentifiers
        if let legacyIDs = row.legacyIDs {
            ids = legacyIDs
        } else {
            guard let ulid = row.ulid.flatMap(TransferULID.init(blob:)) else {
                throw LedgerQueryError.unreadable("transfer row \(row.rowID) has no ULID")
            }
            ids = TransferIdentifiers(ulid: ulid, entryType: row.entryType, kind: AccountKind(rawValue: row.kind) ?? account.asset.kind)
        }
        let types = RecordType.transferTypes(for: account.asset.kind)
        self.account = account
        amount = row.amount
        createdAt = row.createdAt
        idempotencyKey = row.idempotencyKey
        texts = row.texts ?? TransferTexts.implied(entryType: row.entryType)
        switch leg {
        case .debit:
            id = ids.debitRecordID
            type = types.sender
            balanceAfter = row.debitBalanceAfter
            balanceBefore = Int64(clamping: Int128(balanceAfter) + Int128(amount))
            counterpartyID = row.creditUser
            relatedID = ids.creditRecordID
        case .credit:
            id = ids.creditRecordID
            type = isOpening ? RecordType.openingType(for: account.asset.kind) : types.receiver
            balanceAfter = row.creditBalanceAfter
            balanceBefore = Int64(clamping: Int128(balanceAfter) - Int128(amount))
            counterpartyID = row.debitUser
            relatedID = isOpening ? "" : ids.debitRecordID
        }
    }

    package var pointsRecord: PointsRecord {
        PointsRecord(
            id: id, accountID: account.accountID, userID: account.userID, type: type.rawValue, amount: amount,
            balanceBefore: balanceBefore, balanceAfter: balanceAfter, description: texts.description, reason: texts.reason,
            source: texts.source, relatedID: relatedID, idempotencyKey: idempotencyKey, createdAt: createdAt
        )
    }

    package var walletRecord: WalletRecord {
        WalletRecord(
            id: id, walletID: account.accountID, type: type.rawValue, amount: amount, balanceBefore: balanceBefore,
            balanceAfter: balanceAfter, asset: account.asset, counterpartyID: counterpartyID, description: texts.description,
            referenceID: texts.referenceID, createdAt: createdAt
        )
    }
}

extension TransactionQuery {
    /// The legs whose walks hold the query's records, each with the entry type it needs: both legs
    /// of every entry, or, for a record type, the one leg and entry type that make it (a transfer's
    /// debit is `transfer_out`/`spend`, its credit `transfer_in`/`earn`; an opening's credit is
    /// `deposit`/`adjust`; a user account is never an opening's debit).
    package var historyLegs: [(leg: HistoryRow.Leg, entryType: String?)] {
        guard let type else { return [(.debit, nil), (.credit, nil)] }
        let transfer = RecordType.transferTypes(for: kind)
        var legs: [(leg: HistoryRow.Leg, entryType: String?)] = []
        if type == transfer.sender { legs.append((.debit, "transfer")) }
        if type == transfer.receiver { legs.append((.credit, "transfer")) }
        if type == RecordType.openingType(for: kind) { legs.append((.credit, "opening")) }
        return legs
    }
}
