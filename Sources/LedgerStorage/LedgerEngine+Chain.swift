public import LedgerCore

/// The links the engine appends to each tenant's hash chain (SPEC §7): one per entry, account
/// opening and tenant settings change, computed from exactly what is stored, in the order written,
/// whatever the backend.
extension LedgerEngine {
    /// The chain hash of the entry about to be appended (its content as the store reads it back).
    func entryChainHash(_ draft: EntryDraft, texts: TransferTexts, transferID: String, debit: EntryLeg, credit: EntryLeg) -> ChainHash {
        let creditAccount = accounts[credit.accountIndex], debitAccount = accounts[debit.accountIndex]
        let stored = texts.isImplied(entryType: draft.type.rawValue) ? TransferTexts.implied(entryType: draft.type.rawValue) : texts
        let link = EntryLink(
            entryType: draft.type.rawValue, transferID: transferID,
            debitRecordID: nil, creditRecordID: nil, debit: debitAccount.key.chainIdentity, credit: creditAccount.key.chainIdentity,
            amount: draft.amount, debitSequence: debit.change.sequence, debitBalanceAfter: debit.change.balanceAfter,
            creditSequence: credit.change.sequence, creditBalanceAfter: credit.change.balanceAfter, createdAt: draft.createdAt,
            idempotencyKey: draft.idempotencyKey, fingerprint: draft.fingerprint?.bytes, description: stored.description,
            reason: stored.reason, source: stored.source, referenceID: stored.referenceID, sourceFile: stored.sourceFile)
        return chain.append(.entry(link), tenantID: draft.tenantID, tenantRowID: creditAccount.tenantRowID).hash
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

    /// Records a tenant's new settings as a tenant change and link (when a tenant is created or a
    /// setting changes), inside the transaction of its upsert.
    func recordTenantChange(_ tenant: TenantConfig, tenantRowID: Int64, at time: Int64) throws {
        let link = TenantSettingsLink(tenant, changedAt: time)
        let head = chain.append(.tenantSettings(link), tenantID: tenant.tenantID, tenantRowID: tenantRowID)
        try store.recordTenantChange(TenantChangeRecord(tenantRowID: tenantRowID, link: link, head: head))
    }

    /// Hands the heads the open transaction moved to the store.
    func writeMovedChainHeads() throws {
        let moved = chain.takeMoved()
        if !moved.isEmpty { try store.writeChainHeads(moved) }
    }

    /// Every tenant's chain head now (as the engine continues from it).
    public var chainHeads: ChainHeads { chain.heads }

    /// Records every tenant's head in this run's record, at its start or its end (SPEC §7).
    public func recordChainHeads(atStart: Bool) throws {
        try store.recordRunChainHeads(runID: runID, chain.heads, atStart: atStart)
    }
}

extension AccountKey {
    /// The account as a chain link names it: kind, asset, user id.
    var chainIdentity: ChainAccountIdentity {
        ChainAccountIdentity(kind: kind.rawValue, asset: asset, userID: userID)
    }
}

extension TransferULID {
    /// `opn_`/`trf_` + the ULID's text, spelled into one string (one allocation per entry, not three).
    func transferID(opening: Bool) -> String {
        let alphabet: StaticString = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
        let prefix: StaticString = opening ? "opn_" : "trf_"
        return String(unsafeUninitializedCapacity: 30) { buffer in
            for index in 0..<4 { buffer[index] = prefix.utf8Start[index] }
            var rest = value
            for index in stride(from: 29, through: 4, by: -1) {
                buffer[index] = alphabet.utf8Start[Int(rest & 31)]
                rest >>= 5
            }
            return 30
        }
    }
}
