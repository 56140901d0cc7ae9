import GRDB
package import LedgerCore
package import LedgerStorage

/// The hot path: keys, transfers, accounts and balances, through prepared raw statements.
extension SQLiteWriteStore {
    /// Per key, in the probes' order, as an index-only probe of `transfers_by_key` with one prepared
    /// statement; the joined read of the original runs only on a hit.
    ///
    /// Kept after measuring the batched alternatives on the 1M bench data (release, 2 shared cores,
    /// the run's "transfers" phase): per-key probe 38.7 s / 39.6 s; one `tenant = ? AND
    /// idempotency_key IN (…500 keys…)` query per chunk 53.8 s (SQLite builds an ephemeral
    /// table for every list and the answers come back as text to match); the per-key probe in
    /// sorted key order 32.6 s / 39.1 s, no gain beyond the noise, as the index's pages a fresh
    /// import probes are cached either way. In-process, a probe is a b-tree descent without any
    /// round trip, so batching saves nothing here; a server backend batches instead.
    package func lookUpKeys(_ probes: [KeyProbe]) throws -> [KeyLookup] {
        guard deferringBody, let db = activeDatabase else {
            return try withDatabase { db in try probe(probes, statements: try preparedStatements(db)) }
        }
        // Deferred commits: in the waiting batch's transaction (if one waits), once its inserts are
        // in (they are found as if committed); then its writes and commit go to the inserter,
        // beside this batch's decisions (`inDeferredBatchTransaction`).
        try drainInserts()
        let found = try probe(probes, statements: try preparedStatements(db))
        try queueWaitingBatch()
        return found
    }

    private func probe(_ probes: [KeyProbe], statements: WriterStatements) throws -> [KeyLookup] {
        try probes.map { probe in
            let statement = statements.probeKey
            statement.bind(1, probe.tenantRowID)
            statement.bind(2, probe.key)
            var found: Int64?
            try statement.query { row in found = row.int64(0) }
            guard let found else { return .none }
            return try storedTransfer(found, as: probe, statements: statements)
        }
    }

    /// The transfer at row `id` compared with the probe's digest: its origin when the same, its
    /// content when not.
    private func storedTransfer(_ id: Int64, as probe: KeyProbe, statements: WriterStatements) throws -> KeyLookup {
        let find = statements.findKey
        find.bind(1, id)
        var result = KeyLookup.none
        try find.query { row in
            let kind = AccountKind(rawValue: row.string(9)) ?? .wallet
            let transferID = SQLiteWriteStore.transferID(ulid: row.blob(1), entryType: row.string(2), legacy: row, column: 16, kind: kind)
            guard RequestDigest(bytes: row.blob(3)) != probe.digest else {
                result = .same(transferID: transferID,
                               origin: EntryOrigin(inputFile: row.isNull(4) ? nil : row.int64(4), line: Int(row.int64(5))))
                return
            }
            let fingerprint = RequestFingerprint(
                kind: kind, tenantID: probe.tenantID, fromUserID: row.string(7), toUserID: row.string(8), amount: row.int64(17),
                currency: kind == .wallet ? row.string(10) : "", description: row.string(11), reason: row.string(12),
                source: row.string(13), referenceID: row.string(14)
            )
            result = .different(PriorTransfer(
                transferID: transferID, fingerprint: fingerprint,
                origin: RowOrigin(file: row.string(15), line: Int(row.int64(5))), runID: row.string(6)
            ))
        }
        return result
    }

    /// A stored transfer's id: from `transfer_legacy_ids` (column `column`) when migrated with
    /// one that does not follow the ULID rule, else derived from its ULID.
    static func transferID(ulid: [UInt8], entryType: String, legacy row: RawStatement, column: Int32, kind: AccountKind) -> String {
        if !row.isNull(column) { return row.string(column) }
        return (entryType == "opening" ? "opn_" : "trf_") + (TransferULID(blob: ulid) ?? TransferULID(0)).text
    }

    package func lookAlike(tenantRowID: Int64, digest: RequestDigest, notFrom files: Set<Int64>) throws -> LookAlike? {
        try withDatabase { db in
            let find = try preparedStatements(db).findLookAlike
            find.bind(1, tenantRowID)
            find.bind(2, blob: digest.bytes)
            // The night's files (one, or a few when resumed): bound four times, repeating the last.
            let excluded = files.sorted()
            for slot in 0..<4 { find.bind(Int32(3 + slot), excluded.isEmpty ? -1 : excluded[min(slot, excluded.count - 1)]) }
            var found: LookAlike?
            try find.query { row in
                guard found == nil, row.isNull(3) || !files.contains(row.int64(3)) else { return }
                let transferID = SQLiteWriteStore.transferID(ulid: row.blob(0), entryType: "transfer", legacy: row, column: 5, kind: .wallet)
                found = LookAlike(transferID: transferID, origin: RowOrigin(file: row.string(1), line: Int(row.int64(2))))
            }
            return found
        }
    }

    /// Inside a batch, queued for the inserter's thread (`SQLiteWriteStore.inserter`, a `SerialWorker`); else inserted here.
    package func appendTransfers(_ records: [TransferRecord]) throws {
        guard batchOpen, let db = activeDatabase else {
            try withDatabase { db in try SQLiteWriteStore.insert(records, statements: try preparedStatements(db)) }
            return
        }
        let statements = try preparedStatements(db)
        try queueWaitingBatch()
        inserter.enqueue { [unowned statements] in try SQLiteWriteStore.insert(records, statements: statements) }
    }

    /// One `transfers` row per record, its texts in it where the record stored any (all five, or none).
    private static func insert(_ records: [TransferRecord], statements: WriterStatements) throws {
        let insert = statements.insertTransfer
        for record in records {
            insert.bind(1, record.tenantRowID)
            insert.bind(2, record.entryType.rawValue)
            let legs = record.legs
            insert.bind(legs.debitAccount, legs.creditAccount, legs.amount, legs.debitSequence, legs.debitBalanceAfter,
                        legs.creditSequence, legs.creditBalanceAfter, record.createdAt, from: 3)
            record.ulid.withBlob { insert.bind(11, bytes: $0) }
            insert.bind(12, record.idempotencyKey)
            if let fingerprint = record.fingerprint { fingerprint.withUnsafeBytes { insert.bind(13, bytes: $0) } } else { insert.bind(13, nil as String?) }
            insert.bind(14, record.runRowID)
            if let inputFile = record.inputFile { insert.bind(15, inputFile) } else { insert.bind(15, nil as String?) }
            insert.bind(16, Int64(record.line))
            record.chainHash.withUnsafeBytes { insert.bind(17, bytes: $0) }
            let texts = record.texts
            if texts.isImplied(entryType: record.entryType.rawValue) {
                for column in Int32(18)...22 { insert.bind(column, nil as String?) }
            } else {
                insert.bind(18, texts.description)
                insert.bind(19, texts.reason)
                insert.bind(20, texts.source)
                insert.bind(21, texts.referenceID)
                insert.bind(22, texts.sourceFile)
            }
            try insert.execute()
        }
    }

    /// One UPDATE per account; the status (which no transfer changes) is written only when it differs
    /// from the stored one (`WriterStatements.updateBalance`).
    /// Inside a deferred batch, held for its commit (`inDeferredBatchTransaction`).
    package func writeBalances(_ accounts: [BalanceWrite], updatedAt: Int64) throws {
        if deferringBody {
            heldWrites.balances.append((accounts, updatedAt))
            return
        }
        try withDatabase { db in try SQLiteWriteStore.writeBalances(accounts, updatedAt: updatedAt, statements: try preparedStatements(db)) }
    }

    static func writeBalances(_ rows: [BalanceWrite], updatedAt: Int64, statements: WriterStatements) throws {
        for account in rows {
            let state = account.state
            func write(_ update: RawStatement) throws -> Bool {
                update.bind(1, state.status.rawValue)
                update.bind(state.balance, state.frozenBalance, state.totalEarned, state.totalSpent, state.expiredPoints,
                            state.version, state.lastSequence, updatedAt, from: 2)
                update.bind(10, wide: account.postedDebits)
                update.bind(11, wide: account.postedCredits)
                update.bind(12, account.rowID)
                try update.execute()
                return update.changes > 0
            }
            if try !write(statements.updateBalance) { _ = try write(statements.updateAccount) }
        }
    }
}
