import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// The links the writer appends to each tenant's hash chain (SPEC §7): one per entry, account
/// opening and tenant settings change, computed from exactly what is stored, in the order written.
extension LedgerWriter {
    /// The chain hash of the entry about to be inserted (its content as `LedgerChainRows` reads it back).
    func entryChainHash(_ draft: EntryDraft, texts: TransferTexts, ulid: TransferULID, debit: EntryLeg, credit: EntryLeg) -> [UInt8] {
        let creditAccount = accounts[credit.accountIndex], debitAccount = accounts[debit.accountIndex]
        let stored = texts.isImplied(entryType: draft.type.rawValue) ? TransferTexts.implied(entryType: draft.type.rawValue) : texts
        let link = EntryLink(
            entryType: draft.type.rawValue, transferID: (draft.type == .opening ? "opn_" : "trf_") + ulid.text,
            debitRecordID: nil, creditRecordID: nil, debit: debitAccount.key.chainIdentity, credit: creditAccount.key.chainIdentity,
            amount: draft.amount, debitSequence: debit.change.sequence, debitBalanceAfter: debit.change.balanceAfter,
            creditSequence: credit.change.sequence, creditBalanceAfter: credit.change.balanceAfter, createdAt: draft.createdAt,
            idempotencyKey: draft.idempotencyKey, fingerprint: draft.fingerprint?.bytes, description: stored.description,
            reason: stored.reason, source: stored.source, referenceID: stored.referenceID, sourceFile: stored.sourceFile)
        return chain.append(.entry(link), tenantID: draft.tenantID, tenantRowID: creditAccount.tenantRowID).hash.bytes
    }

    /// The chain link of an account about to be inserted with these columns.
    func accountChainLink(_ key: AccountKey, accountID: String, applicationID: String, opened: AccountSnapshot?, origin: String,
                          at time: Int64, tenantRowID: Int64) -> ChainHead {
        let link = AccountOpeningLink(
            accountID: accountID, identity: key.chainIdentity, isSystem: key.isSystem, applicationID: applicationID,
            openedStatus: (opened?.status ?? .active).rawValue, openedBalance: opened?.balance ?? 0,
            openedFrozenBalance: opened?.frozenBalance ?? 0, openedApplicationID: opened?.applicationID ?? "",
            openedTotalEarned: opened?.totalEarned ?? 0, openedTotalSpent: opened?.totalSpent ?? 0,
            openedExpiredPoints: opened?.expiredPoints ?? 0, openedFrom: origin, createdAt: time)
        return chain.append(.accountOpening(link), tenantID: key.tenantID, tenantRowID: tenantRowID)
    }

    /// Records a tenant's new settings as a `tenant_changes` row and link (when a tenant is created
    /// or a setting changes), and its head at once: tenants are loaded outside the batches.
    func recordTenantChange(_ tenant: TenantConfig, in db: Database) throws {
        guard let tenantRowID = tenantRowIDs[Array(tenant.tenantID.utf8)] else { preconditionFailure("the tenant's row exists") }
        let link = TenantSettingsLink(tenant, changedAt: batchMillis ?? now())
        let head = chain.append(.tenantSettings(link), tenantID: tenant.tenantID, tenantRowID: tenantRowID)
        try db.execute(sql: """
            INSERT INTO tenant_changes (tenant, chain_link, name, transfer_enabled, points_type, exchange_rate, currency, changed_at,
                                        chain_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [tenantRowID, head.links, link.name, link.transferEnabled, link.pointsType, link.exchangeRate,
                             link.currency, link.changedAt, Data(head.hash.bytes)])
        try chain.writeHeads(db)
    }

    /// Every tenant's chain head now (as the writer continues from it).
    public var chainHeads: ChainHeads { chain.heads }
}

extension AccountKey {
    /// The account as a chain link names it: kind, asset, user id.
    var chainIdentity: ChainAccountIdentity {
        ChainAccountIdentity(kind: kind.rawValue, asset: asset, userID: userID)
    }
}
