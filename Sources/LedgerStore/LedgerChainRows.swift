import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// What the SQLite ledger stores of the hash chain (SPEC §7), read as the backend-agnostic values
/// `ChainVerifier` takes: tenants with their stored heads, tenant changes and accounts up front,
/// entries streamed in row order (one pass, memory flat in the number of entries).
///
/// The schema (`HashChainMigration`): `transfers.chain_hash` (an entry's link is the tenant's next
/// free position), `accounts.chain_link` + `chain_hash`, `tenant_changes` (append-only, one row
/// per settings change) and `chain_heads` (each tenant's head, where the writer continues).
struct LedgerChainRows {
    var tenants: [ChainVerifier.Tenant] = []
    var tenantChanges: [ChainVerifier.TenantChange] = []
    var accounts: [ChainVerifier.Account] = []

    init(_ db: Database) throws {
        var heads: [Int64: ChainHead] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT tenant, links, hash FROM chain_heads") {
            if let hash = ChainHash(bytes: [UInt8](row[2] as Data? ?? Data())) { heads[row[0]] = ChainHead(links: row[1], hash: hash) }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT id, tenant_id, name, transfer_enabled, points_type, exchange_rate, currency, updated_at FROM tenants ORDER BY id
            """) {
            tenants.append(ChainVerifier.Tenant(key: row[0], tenantID: row[1], settings: LedgerChainRows.settings(row, from: 2),
                                                storedHead: heads[row[0]]))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT tenant, chain_link, name, transfer_enabled, points_type, exchange_rate, currency, changed_at, chain_hash
            FROM tenant_changes ORDER BY id
            """) {
            tenantChanges.append(ChainVerifier.TenantChange(tenantKey: row[0], position: row[1], link: LedgerChainRows.settings(row, from: 2),
                                                            storedHash: (row[8] as Data?).map { [UInt8]($0) }))
        }
        let rows = try RawStatement(db, sql: """
            SELECT a.id, a.tenant, a.chain_link, a.chain_hash, a.account_id, a.kind, a.asset, a.user_id, a.is_system, a.application_id,
                   a.opened_status, a.opened_balance, a.opened_frozen_balance, a.opened_application_id, a.opened_total_earned,
                   a.opened_total_spent, a.opened_expired_points, a.opened_from, a.created_at,
                   b.id, b.status, b.balance, b.frozen_balance, b.total_earned, b.total_spent, b.expired_points, b.version,
                   b.last_sequence, b.posted_debits, b.posted_credits
            FROM accounts a LEFT JOIN account_balances b ON b.id = a.id ORDER BY a.id
            """)
        try rows.query { row in
            let link = AccountOpeningLink(
                accountID: row.string(4), identity: ChainAccountIdentity(kind: row.string(5), asset: row.string(6), userID: row.string(7)),
                isSystem: row.int64(8) != 0, applicationID: row.string(9), openedStatus: row.string(10), openedBalance: row.int64(11),
                openedFrozenBalance: row.int64(12), openedApplicationID: row.string(13), openedTotalEarned: row.int64(14),
                openedTotalSpent: row.int64(15), openedExpiredPoints: row.int64(16), openedFrom: row.string(17), createdAt: row.int64(18))
            let state = row.isNull(19) ? nil : AccountState(
                status: AccountStatus(rawValue: row.string(20)) ?? .closed, balance: row.int64(21), frozenBalance: row.int64(22),
                totalEarned: row.int64(23), totalSpent: row.int64(24), expiredPoints: row.int64(25), version: row.int64(26),
                lastSequence: row.int64(27))
            accounts.append(ChainVerifier.Account(
                rowID: row.int64(0), tenantKey: row.int64(1), position: row.isNull(2) ? nil : row.int64(2),
                storedHash: row.isNull(3) ? nil : row.blob(3), link: link, state: state, statusText: row.isNull(19) ? "" : row.string(20),
                postedDebits: row.wide(28) ?? 0, postedCredits: row.wide(29) ?? 0))
        }
    }

    /// Tenant settings from the six columns from `column` on: name, transfer_enabled, points_type,
    /// exchange_rate, currency, time.
    private static func settings(_ row: Row, from column: Int) -> TenantSettingsLink {
        TenantSettingsLink(name: row[column], transferEnabled: row[column + 1], pointsType: row[column + 2],
                           exchangeRate: row[column + 3], currency: row[column + 4], changedAt: row[column + 5])
    }

    /// Every stored entry above `watermark` in row order, as its stored bytes (`StoredEntryLink`):
    /// one read of `transfers` serves the ledger checks' scan and the chain. No String or array
    /// per row: texts, key, fingerprint and hash are SQLite's column buffers, the derived id is
    /// spelled into one reused buffer.
    static func transferLinks(_ db: Database, after watermark: Int64, _ body: (StoredEntryLink) throws -> Void) throws {
        let rows = try RawStatement(db, sql: """
            SELECT id, tenant, entry_type, debit_account, credit_account, amount, debit_sequence, debit_balance_after,
                   credit_sequence, credit_balance_after, created_at, ulid, idempotency_key, fingerprint, chain_hash,
                   description, reason, source, reference_id, source_file
            FROM transfers WHERE id > ? ORDER BY id
            """)
        rows.bind(1, watermark)
        // Texts are in the transfer's row since v6; those of entries written before are read
        // beside the transfers in the same order, not joined (a join is one index look-up per
        // transfer); `transfer` is their rowid, so at most one row per transfer.
        let texts = try RawStatement(db, sql: """
            SELECT transfer, description, reason, source, reference_id, source_file FROM transfer_texts
            WHERE transfer > ? ORDER BY transfer
            """)
        texts.bind(1, watermark)
        var legacyIDs: [Int64: (transferID: [UInt8], debit: [UInt8], credit: [UInt8])] = [:]
        let legacy = try RawStatement(db, sql: "SELECT transfer, transfer_id, debit_record, credit_record FROM transfer_legacy_ids")
        try legacy.query { row in
            legacyIDs[row.int64(0)] = (Array(row.textBytes(1)), Array(row.textBytes(2)), Array(row.textBytes(3)))
        }
        var nextTexts: Int64? = try texts.step() ? texts.int64(0) : nil
        var derivedID = [UInt8](repeating: 0, count: 4 + 26)
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        let openingSource: StaticString = "opening_balance"
        try rows.query { row in
            let rowID = row.int64(0)
            while let textsRow = nextTexts, textsRow < rowID {
                nextTexts = try texts.step() ? texts.int64(0) : nil
            }
            let entryType = row.textBytes(2)
            let isOpening = entryType.elementsEqual("opening".utf8)
            // Columns 15–19 hold the row's own texts in `transfer_texts`' order (1–5), all or none.
            let inRow = !row.isNull(15)
            let hasTexts = inRow || nextTexts == rowID
            func field(_ column: Int32) -> UnsafeRawBufferPointer {
                inRow ? row.textBytes(14 + column) : hasTexts ? texts.textBytes(column) : empty
            }
            func emit(transferID: UnsafeRawBufferPointer, debitRecordID: UnsafeRawBufferPointer?,
                      creditRecordID: UnsafeRawBufferPointer?) throws {
                try body(StoredEntryLink(
                    rowID: rowID, tenantKey: row.int64(1), debitAccount: row.int64(3), creditAccount: row.int64(4), entryType: entryType,
                    transferID: transferID, debitRecordID: debitRecordID, creditRecordID: creditRecordID, amount: row.int64(5),
                    debitSequence: row.int64(6), debitBalanceAfter: row.int64(7), creditSequence: row.int64(8),
                    creditBalanceAfter: row.int64(9), createdAt: row.int64(10), idempotencyKey: row.optionalTextBytes(12),
                    fingerprint: row.optionalBlobBytes(13), description: field(1), reason: field(2),
                    // An opening balance's source is implied (`TransferTexts.implied`) unless stored.
                    source: hasTexts ? field(3)
                        : isOpening ? UnsafeRawBufferPointer(start: openingSource.utf8Start, count: openingSource.utf8CodeUnitCount) : empty,
                    referenceID: field(4), sourceFile: field(5), storedHash: row.optionalBlobBytes(14)))
            }
            // Record ids only where they are not derived from the transfer's (migrated entries).
            if !legacyIDs.isEmpty, let legacy = legacyIDs[rowID] {
                try legacy.transferID.withUnsafeBytes { transferID in
                    try legacy.debit.withUnsafeBytes { debit in
                        try legacy.credit.withUnsafeBytes { credit in try emit(transferID: transferID, debitRecordID: debit, creditRecordID: credit) }
                    }
                }
                return
            }
            let ulid = row.optionalBlobBytes(11) ?? empty
            try derivedID.withUnsafeMutableBytes { buffer in
                LedgerChainRows.spellTransferID(ulid: ulid, opening: isOpening, into: buffer)
                try emit(transferID: UnsafeRawBufferPointer(buffer), debitRecordID: nil, creditRecordID: nil)
            }
        }
    }

    /// `opn_` or `trf_` + the ULID's 26 Crockford digits (`TransferULID.text`; a blob that is not
    /// 16 bytes reads as ULID 0, as `TransferULID(blob:)` and the queries take it), into 30 bytes.
    static func spellTransferID(ulid: UnsafeRawBufferPointer, opening: Bool, into buffer: UnsafeMutableRawBufferPointer) {
        let prefix: StaticString = opening ? "opn_" : "trf_"
        buffer.copyMemory(from: UnsafeRawBufferPointer(start: prefix.utf8Start, count: 4))
        var value: UInt128 = 0
        if ulid.count == 16 {
            for byte in ulid { value = value << 8 | UInt128(byte) }
        }
        let alphabet: StaticString = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
        for index in stride(from: 25, through: 0, by: -1) {
            buffer[4 + index] = alphabet.utf8Start[Int(value & 31)]
            value >>= 5
        }
    }

    /// Every stored entry in row order (the order they were written), its account identities left
    /// empty (`ChainVerifier` fills them from the accounts by row id).
    static func entries(_ db: Database, _ body: (ChainVerifier.Entry) throws -> Void) throws {
        // Texts of entries written before v6 and migrated ids are read beside the transfers in the
        // same order, not joined: a join is one index look-up per transfer. The hash chain's
        // migration (v4) reads a ledger whose rows have no texts of their own yet.
        let textsInRow = try db.columns(in: "transfers").contains { $0.name == "description" }
        let rows = try RawStatement(db, sql: """
            SELECT id, tenant, entry_type, debit_account, credit_account, amount, debit_sequence, debit_balance_after,
                   credit_sequence, credit_balance_after, created_at, ulid, idempotency_key, fingerprint, chain_hash,
                   \(textsInRow ? "description, reason, source, reference_id, source_file" : "NULL, NULL, NULL, NULL, NULL")
            FROM transfers ORDER BY id
            """)
        let texts = try RawStatement(db, sql: """
            SELECT transfer, description, reason, source, reference_id, source_file FROM transfer_texts ORDER BY transfer
            """)
        var legacyIDs: [Int64: (transferID: String, debit: String, credit: String)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT transfer, transfer_id, debit_record, credit_record FROM transfer_legacy_ids") {
            legacyIDs[row[0]] = (row[1], row[2], row[3])
        }
        var nextTexts: Int64? = try texts.step() ? texts.int64(0) : nil
        let unknown = ChainAccountIdentity(kind: "", asset: "", userID: "")
        try rows.query { row in
            let rowID = row.int64(0), entryType = row.string(2)
            // The row's own texts (v6), else those `transfer_texts` holds for it, else implied.
            var stored = row.isNull(15) ? TransferTexts.implied(entryType: entryType)
                : TransferTexts(description: row.string(15), reason: row.string(16), source: row.string(17),
                                referenceID: row.string(18), sourceFile: row.string(19))
            while let textsRow = nextTexts, textsRow <= rowID {
                if textsRow == rowID, row.isNull(15) {
                    stored = TransferTexts(description: texts.string(1), reason: texts.string(2), source: texts.string(3),
                                           referenceID: texts.string(4), sourceFile: texts.string(5))
                }
                nextTexts = try texts.step() ? texts.int64(0) : nil
            }
            // Record ids only where they are not derived from the transfer's (migrated entries).
            let legacy = legacyIDs.isEmpty ? nil : legacyIDs[rowID]
            let transferID = legacy?.transferID
                ?? (entryType == "opening" ? "opn_" : "trf_") + (TransferULID(blob: row.blob(11)) ?? TransferULID(0)).text
            let link = EntryLink(
                entryType: entryType, transferID: transferID, debitRecordID: legacy?.debit, creditRecordID: legacy?.credit,
                debit: unknown, credit: unknown, amount: row.int64(5), debitSequence: row.int64(6), debitBalanceAfter: row.int64(7),
                creditSequence: row.int64(8), creditBalanceAfter: row.int64(9), createdAt: row.int64(10),
                idempotencyKey: row.isNull(12) ? nil : row.string(12), fingerprint: row.isNull(13) ? nil : row.blob(13),
                description: stored.description, reason: stored.reason, source: stored.source, referenceID: stored.referenceID,
                sourceFile: stored.sourceFile)
            try body(ChainVerifier.Entry(rowID: rowID, tenantKey: row.int64(1), debitAccount: row.int64(3), creditAccount: row.int64(4),
                                         link: link, storedHash: row.isNull(14) ? nil : row.blob(14)))
        }
    }
}
