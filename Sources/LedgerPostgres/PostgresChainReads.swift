import Foundation
public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// What the PostgreSQL ledger stores of the hash chain (SPEC §7), read as SQLite's
/// `LedgerChainRows` and `RunChainHeads` read it: tenants, tenant changes and accounts up front,
/// entries streamed in row id order through a cursor (memory flat in the number of entries).
extension PostgresLedgerSnapshot {
    public func chainMaterial() throws -> ChainMaterial {
        var heads: [Int64: ChainHead] = [:]
        for (tenant, links, hash) in try session.rows("SELECT tenant::bigint, links, hash FROM chain_heads", {
            try $0.decode((Int64, Int64, ByteBuffer).self)
        }) {
            if let hash = ChainHash(bytes: Array(hash.readableBytesView)) { heads[tenant] = ChainHead(links: links, hash: hash) }
        }
        let tenants = try session.rows("""
            SELECT id::bigint, tenant_id, name, transfer_enabled, points_type, exchange_rate, currency, updated_at FROM tenants ORDER BY id
            """) { row in
            let (key, tenantID, name, enabled, pointsType, rate, currency, changedAt) = try row.decode(
                (Int64, String, String, Bool, String, Int64, String, Int64).self)
            return (key, tenantID, TenantSettingsLink(name: name, transferEnabled: enabled, pointsType: pointsType, exchangeRate: rate,
                                                      currency: currency, changedAt: changedAt))
        }.map { ChainVerifier.Tenant(key: $0.0, tenantID: $0.1, settings: $0.2, storedHead: heads[$0.0]) }
        let changes = try session.rows("""
            SELECT tenant::bigint, chain_link, name, transfer_enabled, points_type, exchange_rate, currency, changed_at, chain_hash
            FROM tenant_changes ORDER BY id
            """) { row in
            let (tenant, position, name, enabled, pointsType, rate, currency, changedAt, hash) = try row.decode(
                (Int64, Int64, String, Bool, String, Int64, String, Int64, ByteBuffer?).self)
            return ChainVerifier.TenantChange(
                tenantKey: tenant, position: position,
                link: TenantSettingsLink(name: name, transferEnabled: enabled, pointsType: pointsType, exchangeRate: rate,
                                         currency: currency, changedAt: changedAt),
                storedHash: hash.map { Array($0.readableBytesView) })
        }
        var accounts: [ChainVerifier.Account] = []
        try PostgresCursor.forEach(session, """
            SELECT a.id, a.tenant::bigint, a.chain_link, a.chain_hash, a.account_id, a.kind, a.asset, a.user_id, a.is_system,
                   a.application_id, a.opened_status, a.opened_balance, a.opened_frozen_balance, a.opened_application_id,
                   a.opened_total_earned, a.opened_total_spent, a.opened_expired_points, a.opened_from, a.created_at,
                   b.id, b.status, b.balance, b.frozen_balance, b.total_earned, b.total_spent, b.expired_points, b.version,
                   b.last_sequence, b.posted_debits::text, b.posted_credits::text
            FROM accounts a LEFT JOIN account_balances b ON b.tenant = a.tenant AND b.id = a.id ORDER BY a.id
            """, decode: Self.chainAccount) { accounts.append($0) }
        return ChainMaterial(tenants: tenants, tenantChanges: changes, accounts: accounts)
    }

    /// One row of `chainMaterial`'s accounts statement (read by column: thirty columns).
    @Sendable private static func chainAccount(_ row: PostgresRow) throws -> ChainVerifier.Account {
        let cells = row.makeRandomAccess()
        func int(_ column: Int) throws -> Int64 { try cells[column].decode(Int64.self) }
        func text(_ column: Int) throws -> String { try cells[column].decode(String.self) }
        let link = AccountOpeningLink(
            accountID: try text(4), identity: ChainAccountIdentity(kind: try text(5), asset: try text(6), userID: try text(7)),
            isSystem: try cells[8].decode(Bool.self), applicationID: try text(9), openedStatus: try text(10),
            openedBalance: try int(11), openedFrozenBalance: try int(12), openedApplicationID: try text(13),
            openedTotalEarned: try int(14), openedTotalSpent: try int(15), openedExpiredPoints: try int(16),
            openedFrom: try text(17), createdAt: try int(18))
        let hasBalances = cells[19].bytes != nil
        let state = hasBalances ? AccountState(
            status: AccountStatus(rawValue: try text(20)) ?? .closed, balance: try int(21), frozenBalance: try int(22),
            totalEarned: try int(23), totalSpent: try int(24), expiredPoints: try int(25), version: try int(26),
            lastSequence: try int(27)) : nil
        return ChainVerifier.Account(
            rowID: try int(0), tenantKey: try int(1), position: try cells[2].decode(Int64?.self),
            storedHash: try cells[3].decode(ByteBuffer?.self).map { Array($0.readableBytesView) }, link: link, state: state,
            statusText: hasBalances ? try text(20) : "",
            postedDebits: hasBalances ? Int128(try text(28)) ?? 0 : 0, postedCredits: hasBalances ? Int128(try text(29)) ?? 0 : 0)
    }

    public func forEachChainEntry(_ body: (ChainVerifier.Entry) throws -> Void) throws {
        var legacyIDs: [Int64: (transferID: String, debit: String, credit: String)] = [:]
        for (transfer, transferID, debit, credit) in try session.rows(
            "SELECT transfer, transfer_id, debit_record, credit_record FROM transfer_legacy_ids", {
                try $0.decode((Int64, String, String, String).self)
            }) {
            legacyIDs[transfer] = (transferID, debit, credit)
        }
        let columns = """
            t.id, t.tenant::bigint AS tenant, t.entry_type, t.debit_account, t.credit_account, t.amount, t.debit_sequence,
            t.debit_balance_after, t.credit_sequence, t.credit_balance_after, t.created_at, t.ulid, t.idempotency_key,
            t.fingerprint, t.chain_hash, x.transfer IS NOT NULL AS has_texts, x.description, x.reason, x.source,
            x.reference_id, x.source_file
            """
        let sql = TenantMerge.statement(
            tenants: try TenantMerge.tenants(session),
            arm: { "SELECT \(columns) FROM transfers t LEFT JOIN transfer_texts x ON x.tenant = \($0) AND x.transfer = t.id WHERE t.tenant = \($0)" },
            whole: "SELECT \(columns) FROM transfers t LEFT JOIN transfer_texts x ON x.tenant = t.tenant AND x.transfer = t.id")
        let unknown = ChainAccountIdentity(kind: "", asset: "", userID: "")
        try PostgresCursor.forEach(session, PostgresQuery(unsafeSQL: sql), decode: ChainEntryRow.init) { row in
            let stored = row.hasTexts
                ? TransferTexts(description: row.description ?? "", reason: row.reason ?? "", source: row.source ?? "",
                                referenceID: row.referenceID ?? "", sourceFile: row.sourceFile ?? "")
                : TransferTexts.implied(entryType: row.entryType)
            // Record ids only where they are not derived from the transfer's (migrated entries).
            let legacy = legacyIDs.isEmpty ? nil : legacyIDs[row.id]
            let transferID = legacy?.transferID
                ?? (row.entryType == "opening" ? "opn_" : "trf_") + (TransferULID(blob: row.ulid) ?? TransferULID(0)).text
            let link = EntryLink(
                entryType: row.entryType, transferID: transferID, debitRecordID: legacy?.debit, creditRecordID: legacy?.credit,
                debit: unknown, credit: unknown, amount: row.amount, debitSequence: row.debitSequence,
                debitBalanceAfter: row.debitBalanceAfter, creditSequence: row.creditSequence,
                creditBalanceAfter: row.creditBalanceAfter, createdAt: row.createdAt, idempotencyKey: row.idempotencyKey,
                fingerprint: row.fingerprint, description: stored.description, reason: stored.reason, source: stored.source,
                referenceID: stored.referenceID, sourceFile: stored.sourceFile)
            try body(ChainVerifier.Entry(rowID: row.id, tenantKey: row.tenant, debitAccount: row.debitAccount,
                                         creditAccount: row.creditAccount, link: link, storedHash: row.chainHash))
        }
    }

    /// One entry as `forEachChainEntry` reads it, with its texts when it has a row of them.
    private struct ChainEntryRow: Sendable {
        var id: Int64, tenant: Int64, entryType: String, debitAccount: Int64, creditAccount: Int64, amount: Int64
        var debitSequence: Int64, debitBalanceAfter: Int64, creditSequence: Int64, creditBalanceAfter: Int64, createdAt: Int64
        var ulid: [UInt8], idempotencyKey: String?, fingerprint: [UInt8]?, chainHash: [UInt8]?
        var hasTexts: Bool, description: String?, reason: String?, source: String?, referenceID: String?, sourceFile: String?

        @Sendable init(_ row: PostgresRow) throws {
            let ulidBytes: ByteBuffer, fingerprintBytes: ByteBuffer?, hashBytes: ByteBuffer?
            (id, tenant, entryType, debitAccount, creditAccount, amount, debitSequence, debitBalanceAfter, creditSequence,
             creditBalanceAfter, createdAt, ulidBytes, idempotencyKey, fingerprintBytes, hashBytes, hasTexts, description, reason,
             source, referenceID, sourceFile) = try row.decode(
                (Int64, Int64, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, ByteBuffer, String?, ByteBuffer?,
                 ByteBuffer?, Bool, String?, String?, String?, String?, String?).self)
            ulid = Array(ulidBytes.readableBytesView)
            fingerprint = fingerprintBytes.map { Array($0.readableBytesView) }
            chainHash = hashBytes.map { Array($0.readableBytesView) }
        }
    }

    public func recordedChainHeads() throws -> (recorded: [RecordedChainHead], unreadable: [String]) {
        var recorded: [RecordedChainHead] = [], unreadable: [String] = []
        let rows = try session.rows("SELECT run_id, heads_before, heads_after FROM runs ORDER BY id") {
            try $0.decode((String, String?, String?).self)
        }
        for (runID, before, after) in rows {
            for (moment, column) in [("before", before), ("after", after)] {
                guard let text = column else { continue }
                guard let entries = try? JSONDecoder().decode([ChainHeadEntry].self, from: Data(text.utf8)),
                      entries.allSatisfy({ $0.head != nil }) else {
                    unreadable.append(runID)
                    continue
                }
                recorded += entries.map { RecordedChainHead(runID: runID, moment: moment, entry: $0) }
            }
        }
        return (recorded, unreadable)
    }

    public func currentChainHeads() throws -> ChainHeads {
        var heads = ChainHeads()
        let rows = try session.rows("SELECT t.tenant_id, h.links, h.hash FROM chain_heads h JOIN tenants t ON t.id = h.tenant") {
            try $0.decode((String, Int64, ByteBuffer).self)
        }
        for (tenantID, links, hash) in rows {
            guard let hash = ChainHash(bytes: Array(hash.readableBytesView)) else { continue }
            heads.set(ChainHead(links: links, hash: hash), tenantID: tenantID)
        }
        return heads
    }
}
