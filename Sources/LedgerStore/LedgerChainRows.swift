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

    /// Every stored entry in row order (the order they were written), its account identities left
    /// empty (`ChainVerifier` fills them from the accounts by row id).
    func entries(_ db: Database, _ body: (ChainVerifier.Entry) throws -> Void) throws {
        let rows = try RawStatement(db, sql: """
            SELECT t.id, t.tenant, t.entry_type, t.debit_account, t.credit_account, t.amount, t.debit_sequence,
                   t.debit_balance_after, t.credit_sequence, t.credit_balance_after, t.created_at, t.ulid, t.idempotency_key,
                   t.fingerprint, t.chain_hash, x.transfer, x.description, x.reason, x.source, x.reference_id, x.source_file,
                   l.transfer, l.transfer_id, l.debit_record, l.credit_record
            FROM transfers t LEFT JOIN transfer_texts x ON x.transfer = t.id LEFT JOIN transfer_legacy_ids l ON l.transfer = t.id
            ORDER BY t.id
            """)
        let unknown = ChainAccountIdentity(kind: "", asset: "", userID: "")
        try rows.query { row in
            let entryType = row.string(2)
            // Record ids only where they are not derived from the transfer's (migrated entries).
            let legacy = !row.isNull(21)
            let transferID = legacy ? row.string(22)
                : (entryType == "opening" ? "opn_" : "trf_") + (TransferULID(blob: row.blob(11)) ?? TransferULID(0)).text
            let texts = row.isNull(15) ? TransferTexts.implied(entryType: entryType) : TransferTexts(
                description: row.string(16), reason: row.string(17), source: row.string(18), referenceID: row.string(19),
                sourceFile: row.string(20))
            let link = EntryLink(
                entryType: entryType, transferID: transferID, debitRecordID: legacy ? row.string(23) : nil,
                creditRecordID: legacy ? row.string(24) : nil,
                debit: unknown, credit: unknown, amount: row.int64(5), debitSequence: row.int64(6), debitBalanceAfter: row.int64(7),
                creditSequence: row.int64(8), creditBalanceAfter: row.int64(9), createdAt: row.int64(10),
                idempotencyKey: row.isNull(12) ? nil : row.string(12), fingerprint: row.isNull(13) ? nil : row.blob(13),
                description: texts.description, reason: texts.reason, source: texts.source, referenceID: texts.referenceID,
                sourceFile: texts.sourceFile)
            try body(ChainVerifier.Entry(rowID: row.int64(0), tenantKey: row.int64(1), debitAccount: row.int64(3), creditAccount: row.int64(4), link: link,
                                         storedHash: row.isNull(14) ? nil : row.blob(14)))
        }
    }
}
