import Foundation
import GRDB
public import LedgerCore
public import LedgerStorage

/// The SQLite backend's read side (`LedgerReading`): a ledger file opened read-only, never
/// created, migrated or locked, for `verify`, the queries, `runs` and `export`.
public final class SQLiteLedgerReader: LedgerReading {
    public let path: String
    private let queue: DatabaseQueue

    /// Opens the ledger at `path` read-only.
    /// - Throws: `StorageError` when the file is not a database or cannot be read;
    ///   `LedgerStoreError` when it is not a ledger or needs an upgrade first.
    public init(path: String) throws {
        self.path = path
        queue = try StorageError.translating { try LedgerStore(path: path, readOnly: true).queue }
    }

    /// Reads the ledger of an open `store` (a writer's, a test's).
    public init(_ store: LedgerStore) {
        path = store.path
        queue = store.queue
    }

    public func read<T>(_ body: (any LedgerSnapshot) throws -> T) throws -> T {
        try StorageError.translating { try queue.read { db in try body(SQLiteLedgerSnapshot(db)) } }
    }

    public func integrityProblems() -> [String] { LedgerStore.integrityProblems(path: path) }
}

/// A `LedgerSnapshot` over one SQLite connection, inside the transaction its caller holds (a
/// reader's read transaction; a run's own, so its checks see what it wrote). Also records a break
/// review (`BreakRecording`) when that transaction may write.
public struct SQLiteLedgerSnapshot: LedgerSnapshot, BreakRecording {
    let db: Database

    init(_ db: Database) { self.db = db }

    public func accountTotals() throws -> [AccountTotals] { try AccountTotals.fetchStoredState(db) }

    public func forEachAccountTotal(_ body: (AccountTotals) throws -> Void) throws { try AccountTotals.forEachStoredState(db, body) }

    public func tenantIDsByRowID() throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, tenant_id FROM tenants") { names[row[0]] = row[1] }
        return names
    }

    public func tenants() throws -> TenantDirectory { try TenantConfig.fetchAll(db) }

    public func lastTransferRowID() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM transfers") ?? 0
    }

    public func currentBalances() throws -> AccountStartStates {
        var balances = AccountStartStates(reservingUpTo: try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM account_balances") ?? 0)
        let rows = try RawStatement(db, sql: "SELECT id, balance FROM account_balances ORDER BY id")
        try rows.query { row in balances[row.int64(0)].balance = row.int64(1) }
        return balances
    }

    public func forEachTransfer(after watermark: Int64, _ body: (ScannedTransfer) throws -> Void) throws {
        let transfers = try RawStatement(db, sql: """
            SELECT id, tenant, entry_type, debit_account, credit_account, amount, debit_sequence, debit_balance_after,
                   credit_sequence, credit_balance_after
            FROM transfers WHERE id > ? ORDER BY id
            """)
        transfers.bind(1, watermark)
        try transfers.query { row in
            try body(ScannedTransfer(
                rowID: row.int64(0), tenantRowID: row.int64(1), isOpening: row.text(2, is: "opening"), debitAccount: row.int64(3),
                creditAccount: row.int64(4), amount: row.int64(5), debitSequence: row.int64(6), debitBalanceAfter: row.int64(7),
                creditSequence: row.int64(8), creditBalanceAfter: row.int64(9)))
        }
    }

    public func transferIdentifiers(rowID: Int64, kind: AccountKind) throws -> TransferIdentifiers? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT t.ulid, t.entry_type, l.transfer_id, l.debit_record, l.credit_record
            FROM transfers t LEFT JOIN transfer_legacy_ids l ON l.transfer = t.id WHERE t.id = ?
            """, arguments: [rowID]) else { return nil }
        if let transferID = row["transfer_id"] as String? {
            return TransferIdentifiers(transferID: transferID, debitRecordID: row["debit_record"], creditRecordID: row["credit_record"])
        }
        let ulid: TransferULID
        if case .blob(let data) = (row["ulid"] as DatabaseValue).storage, let stored = TransferULID(blob: [UInt8](data)) {
            ulid = stored
        } else {
            ulid = TransferULID(0)
        }
        return TransferIdentifiers(ulid: ulid, entryType: row["entry_type"], kind: kind)
    }

    public func transactions(_ query: TransactionQuery) throws -> TransactionPage { try LedgerQueries(db).transactions(query) }

    public func transactionPlan(_ query: TransactionQuery) throws -> [String] { try LedgerQueries(db).plan(for: query) }

    public func accounts(_ query: AccountsQuery) throws -> AccountsPage { try LedgerQueries(db).accounts(query) }

    public func newestRuns(_ limit: Int) throws -> [RunRecord] { try RunHistory.newest(limit, in: db) }

    public func openBreakEpisodes() throws -> [BreakEpisode] { try BreakRegister.openEpisodes(db) }

    public func record(_ review: BreakReview) throws { try BreakRegister.record(review, in: db) }

    public func chainMaterial() throws -> ChainMaterial {
        let rows = try LedgerChainRows(db)
        return ChainMaterial(tenants: rows.tenants, tenantChanges: rows.tenantChanges, accounts: rows.accounts)
    }

    public func forEachChainEntry(_ body: (ChainVerifier.Entry) throws -> Void) throws {
        try LedgerChainRows.entries(db, body)
    }

    public func forEachTransferLink(after watermark: Int64, _ body: (StoredEntryLink) throws -> Void) throws {
        try LedgerChainRows.transferLinks(db, after: watermark, body)
    }

    public func recordedChainHeads() throws -> (recorded: [RecordedChainHead], unreadable: [String]) {
        try RunChainHeads.recorded(db)
    }

    public func currentChainHeads() throws -> ChainHeads { try RunChainHeads.current(db) }

    public func journalTenants(tenantID: String?) throws -> [JournalTenant] {
        try SQLiteJournalReads.fetchTenants(db, tenantID: tenantID)
    }

    public func journalAccounts(tenantID: String?) throws -> [JournalAccount] {
        try SQLiteJournalReads.fetchAccounts(db, tenantID: tenantID)
    }

    public func forEachJournalEntry(tenantID: String?, _ body: (JournalEntry) throws -> Void) throws {
        try SQLiteJournalReads.forEachEntry(db, tenantID: tenantID, body)
    }
}
