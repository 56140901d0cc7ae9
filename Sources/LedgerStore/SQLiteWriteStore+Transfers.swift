import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// The hot path: keys, transfers, accounts and balances, through prepared raw statements.
extension SQLiteWriteStore {
    /// Per key, in the probes' order, as an index-only probe of `transfers_by_key` with one prepared
    /// statement; the joined read of the original runs only on a hit.
    ///
    /// Measured against one `WHERE (tenant, idempotency_key) IN (VALUES …)` query per 500 keys on
    /// the 1M bench (`make bench`): see the comment at `probeKey` for the figures and why the
    /// per-key probe stays.
    package func lookUpKeys(_ probes: [KeyProbe]) throws -> [KeyLookup] {
        let variant = ProcessInfo.processInfo.environment["LEDGER_KEY_LOOKUP"] ?? ""
        if variant == "in" { return try lookUpKeysByLists(probes) }
        if variant == "sorted" { return try lookUpKeysSorted(probes) }
        return try withDatabase { db in
            let statements = try preparedStatements(db)
            return try probes.map { probe in
                let statement = statements.probeKey
                statement.bind(1, probe.tenantRowID)
                statement.bind(2, probe.key)
                var found: Int64?
                try statement.query { row in found = row.int64(0) }
                guard let found else { return .none }
                return try storedTransfer(found, as: probe, statements: statements)
            }
        }
    }

    func lookUpKeysSorted(_ probes: [KeyProbe]) throws -> [KeyLookup] {
        try withDatabase { db in
            let statements = try preparedStatements(db)
            let order = probes.indices.sorted {
                probes[$0].tenantRowID != probes[$1].tenantRowID ? probes[$0].tenantRowID < probes[$1].tenantRowID
                    : probes[$0].key.utf8.lexicographicallyPrecedes(probes[$1].key.utf8)
            }
            var answers = [KeyLookup](repeating: .none, count: probes.count)
            let statement = statements.probeKey
            for index in order {
                statement.bind(1, probes[index].tenantRowID)
                statement.bind(2, probes[index].key)
                var found: Int64?
                try statement.query { row in found = row.int64(0) }
                if let found { answers[index] = try storedTransfer(found, as: probes[index], statements: statements) }
            }
            return answers
        }
    }

    func lookUpKeysByLists(_ probes: [KeyProbe]) throws -> [KeyLookup] {
        try withDatabase { db in
            let statements = try preparedStatements(db)
            var byTenant: [Int64: [Int]] = [:]
            for (index, probe) in probes.enumerated() { byTenant[probe.tenantRowID, default: []].append(index) }
            var answers = [KeyLookup](repeating: .none, count: probes.count)
            var lists: [Int: RawStatement] = [:]
            for (tenant, indexes) in byTenant {
                var start = 0
                while start < indexes.count {
                    let chunk = indexes[start..<min(start + 500, indexes.count)]
                    start += 500
                    let statement: RawStatement
                    if let known = lists[chunk.count] { statement = known } else {
                        statement = try RawStatement(db, sql: "SELECT idempotency_key, id FROM transfers WHERE tenant = ? AND idempotency_key IN ("
                            + Array(repeating: "?", count: chunk.count).joined(separator: ", ") + ")")
                        lists[chunk.count] = statement
                    }
                    statement.bind(1, tenant)
                    for (offset, index) in chunk.enumerated() { statement.bind(Int32(offset + 2), probes[index].key) }
                    var found: [String: Int64] = [:]
                    try statement.query { row in found[row.string(0)] = row.int64(1) }
                    guard !found.isEmpty else { continue }
                    for index in chunk {
                        if let id = found[probes[index].key] {
                            answers[index] = try storedTransfer(id, as: probes[index], statements: statements)
                        }
                    }
                }
            }
            return answers
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

    package func appendTransfers(_ records: [TransferRecord]) throws {
        try withDatabase { db in
            let statements = try preparedStatements(db)
            let insert = statements.insertTransfer
            for record in records {
                insert.bind(1, record.tenantRowID)
                insert.bind(2, record.entryType.rawValue)
                insert.bind(3, record.debitAccount)
                insert.bind(4, record.creditAccount)
                insert.bind(5, record.amount)
                insert.bind(6, record.debitSequence)
                insert.bind(7, record.debitBalanceAfter)
                insert.bind(8, record.creditSequence)
                insert.bind(9, record.creditBalanceAfter)
                insert.bind(10, record.createdAt)
                insert.bind(11, blob: record.ulid.blob)
                insert.bind(12, record.idempotencyKey)
                if let fingerprint = record.fingerprint { insert.bind(13, blob: fingerprint.bytes) } else { insert.bind(13, nil as String?) }
                insert.bind(14, record.runRowID)
                if let inputFile = record.inputFile { insert.bind(15, inputFile) } else { insert.bind(15, nil as String?) }
                insert.bind(16, Int64(record.line))
                try insert.execute()
                let texts = record.texts
                guard !texts.isImplied(entryType: record.entryType.rawValue) else { continue }
                let insertTexts = statements.insertTexts
                insertTexts.bind(1, db.lastInsertedRowID)
                insertTexts.bind(2, texts.description)
                insertTexts.bind(3, texts.reason)
                insertTexts.bind(4, texts.source)
                insertTexts.bind(5, texts.referenceID)
                insertTexts.bind(6, texts.sourceFile)
                try insertTexts.execute()
            }
        }
    }

    package func insertAccount(_ record: NewAccountRecord) throws -> Int64 {
        try withDatabase { db in
            let statements = try preparedStatements(db)
            let insert = statements.insertAccount
            let key = record.key, opened = record.opened
            insert.bind(1, record.accountID)
            insert.bind(2, record.tenantRowID)
            for (offset, text) in [key.kind.rawValue, key.asset, key.userID].enumerated() { insert.bind(Int32(offset + 3), text) }
            insert.bind(6, key.isSystem ? 1 : 0)
            insert.bind(7, record.applicationID)
            insert.bind(8, opened?.balance ?? 0)
            insert.bind(9, opened?.frozenBalance ?? 0)
            insert.bind(10, (opened?.status ?? .active).rawValue)
            insert.bind(11, opened?.applicationID ?? "")
            insert.bind(12, opened?.totalEarned ?? 0)
            insert.bind(13, opened?.totalSpent ?? 0)
            insert.bind(14, opened?.expiredPoints ?? 0)
            insert.bind(15, record.origin)
            insert.bind(16, record.createdAt)
            try insert.execute()
            let rowID = db.lastInsertedRowID
            let state = record.state
            let balance = statements.insertBalance
            balance.bind(1, rowID)
            balance.bind(2, state.status.rawValue)
            for (offset, value) in [state.balance, state.frozenBalance, state.totalEarned, state.totalSpent, state.expiredPoints,
                                    state.version, state.lastSequence, record.createdAt].enumerated() {
                balance.bind(Int32(offset + 3), value)
            }
            balance.bind(11, 0)
            balance.bind(12, record.postedCredits)
            try balance.execute()
            return rowID
        }
    }

    package func writeBalances(_ accounts: [CachedAccount], updatedAt: Int64) throws {
        try withDatabase { db in
            let update = try preparedStatements(db).updateAccount
            for account in accounts {
                let state = account.state
                update.bind(1, state.status.rawValue)
                update.bind(2, state.balance)
                update.bind(3, state.frozenBalance)
                update.bind(4, state.totalEarned)
                update.bind(5, state.totalSpent)
                update.bind(6, state.expiredPoints)
                update.bind(7, state.version)
                update.bind(8, state.lastSequence)
                update.bind(9, updatedAt)
                update.bind(10, wide: account.postedDebits)
                update.bind(11, wide: account.postedCredits)
                update.bind(12, account.rowID)
                try update.execute()
            }
        }
    }

    package func openedAccount(rowID: Int64) throws -> OpenedAccountRecord {
        try withDatabase { db in
            let select = try preparedStatements(db).selectOpened
            select.bind(1, rowID)
            defer { select.reset() }
            guard try select.step() else { preconditionFailure("a cached account has its row") }
            return OpenedAccountRecord(
                applicationID: select.string(0), status: AccountStatus(rawValue: select.string(1)) ?? .closed,
                balance: select.int64(2), frozenBalance: select.int64(3), totalEarned: select.int64(4),
                totalSpent: select.int64(5), expiredPoints: select.int64(6), origin: select.string(7))
        }
    }
}
