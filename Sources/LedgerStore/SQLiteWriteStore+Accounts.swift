import GRDB
import LedgerCore
package import LedgerStorage

/// Opening accounts: each new account's row id is issued here, from a counter, so that its two
/// INSERTs can run on the inserter's thread (`SQLiteWriteStore.inserter`, a `SerialWorker`) while the engine goes on -- the
/// engine needs only the id.
extension SQLiteWriteStore {
    /// Accounts queued at most before they go to the inserter as one chunk: one hand-over per
    /// 1,024 accounts rather than one each.
    static let accountChunk = 1_024

    /// Inside a batch, the account's row id at once and its rows later (in this batch, before it
    /// commits or any other use of the connection); else inserted here.
    package func insertAccount(_ record: NewAccountRecord) throws -> Int64 {
        let rowID = try issueAccountRowID()
        guard batchOpen, let db = activeDatabase else {
            try withDatabase { db in try SQLiteWriteStore.insert(record, rowID: rowID, statements: try preparedStatements(db)) }
            return rowID
        }
        pendingAccounts.append((record, rowID))
        if pendingAccounts.count >= SQLiteWriteStore.accountChunk { try queuePendingAccounts(db) }
        return rowID
    }

    /// The next account row id: one above the highest stored, counted on from there. Forgotten
    /// (`forgetIssuedAccountRowIDs`) whenever a batch or the dry run rolls back, as its rows go.
    private func issueAccountRowID() throws -> Int64 {
        let next = try nextAccountRowID ?? withDatabase { db in
            (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM accounts") ?? 0) + 1
        }
        nextAccountRowID = next + 1
        return next
    }

    /// After a rollback: the ids issued since are free again, and the queued accounts are gone.
    func forgetIssuedAccountRowIDs() {
        nextAccountRowID = nil
        pendingAccounts.removeAll()
    }

    /// Hands the accounts waiting in `pendingAccounts` to the inserter as one chunk.
    func queuePendingAccounts(_ db: Database) throws {
        guard !pendingAccounts.isEmpty else { return }
        try queueWaitingBatch()
        let chunk = pendingAccounts
        pendingAccounts.removeAll(keepingCapacity: true)
        let statements = try preparedStatements(db)
        inserter.enqueue { [unowned statements] in
            for (record, rowID) in chunk { try SQLiteWriteStore.insert(record, rowID: rowID, statements: statements) }
        }
    }

    /// The account's `accounts` row and its `account_balances` row.
    private static func insert(_ record: NewAccountRecord, rowID: Int64, statements: WriterStatements) throws {
        let insert = statements.insertAccount
        let key = record.key, opened = record.opened
        insert.bind(1, record.accountID)
        insert.bind(2, record.tenantRowID)
        insert.bind(3, key.kind.rawValue)
        insert.bind(4, key.asset)
        insert.bind(5, key.userID)
        insert.bind(6, key.isSystem ? 1 : 0)
        insert.bind(7, record.applicationID)
        insert.bind(opened?.balance ?? 0, opened?.frozenBalance ?? 0, from: 8)
        insert.bind(10, (opened?.status ?? .active).rawValue)
        insert.bind(11, opened?.applicationID ?? "")
        insert.bind(opened?.totalEarned ?? 0, opened?.totalSpent ?? 0, opened?.expiredPoints ?? 0, from: 12)
        insert.bind(15, record.origin)
        insert.bind(16, record.createdAt)
        insert.bind(17, record.chainLink.links)
        insert.bind(18, blob: record.chainLink.hash.bytes)
        insert.bind(19, rowID)
        try insert.execute()
        let state = record.state
        let balance = statements.insertBalance
        balance.bind(1, rowID)
        balance.bind(2, state.status.rawValue)
        balance.bind(state.balance, state.frozenBalance, state.totalEarned, state.totalSpent, state.expiredPoints,
                     state.version, state.lastSequence, record.createdAt, from: 3)
        balance.bind(11, 0)
        balance.bind(12, record.postedCredits)
        try balance.execute()
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
