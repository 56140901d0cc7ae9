public import LedgerCore

/// The read side of the storage seam (issue 8): what the checks, reports and query commands need
/// from a ledger, whatever database holds it. A backend (SQLite in `LedgerStore`, PostgreSQL)
/// implements it; nothing above it names a database library.
///
/// Reads that must agree with each other (a count and its page, the accounts and the transfers
/// the checks compare) are made inside one `read` call, on one consistent snapshot.
public protocol LedgerReading: Sendable {
    /// Runs `body` on one consistent, read-only snapshot of the ledger (SQLite: one read
    /// transaction; PostgreSQL: `REPEATABLE READ READ ONLY`). Every method of the snapshot sees
    /// the same ledger; the snapshot must not be used after `body` returns.
    /// - Throws: `StorageError` when the ledger cannot be read; whatever `body` throws.
    func read<T>(_ body: (any LedgerSnapshot) throws -> T) throws -> T

    /// The database's own check of its storage (SPEC §6 `storage_integrity`), on a connection of
    /// its own so that `verify` runs it on another thread while the ledger checks scan: each
    /// problem found, or none. A store too damaged to check is one problem naming why; never
    /// throws. SQLite: `PRAGMA integrity_check`; a backend with no such check returns [].
    func integrityProblems() -> [String]
}

/// One consistent view of the ledger (`LedgerReading.read`). Every read sees the same ledger.
///
/// Orders are part of the contract: the checks' reports and the query pages are byte-identical
/// whichever backend answers, so each method says how its rows are sorted. Strings compare by
/// their UTF-8 bytes (SQLite's BINARY collation; PostgreSQL `COLLATE "C"`), never by locale.
public protocol LedgerSnapshot {
    // MARK: The checks' reads (SPEC §5)

    /// Every account, user and system, with its stored state and stored posted totals, sorted by
    /// (tenant id, kind, asset, user id) bytes: a tenant's system account (user "") first in its
    /// asset. A stored posted total that is not a number reads as `Int128.min` (the check flags it).
    func accountTotals() throws -> [AccountTotals]

    /// Calls `body` for every account, in `accountTotals()`'s order, streamed: the checks keep
    /// only each account's numbers, and balances.csv is written as the accounts are read, so
    /// memory does not hold every account's ids at once. A default reads `accountTotals()`.
    func forEachAccountTotal(_ body: (AccountTotals) throws -> Void) throws

    /// Tenant id by the tenant's row id (`AccountTotals.tenantRowID`, `ScannedTransfer.tenantRowID`).
    func tenantIDsByRowID() throws -> [Int64: String]

    /// Every tenant's configuration, by id.
    func tenants() throws -> TenantDirectory

    /// The highest transfer row id (0 for no transfers): verify's watermark of "all history".
    func lastTransferRowID() throws -> Int64

    /// Every account's current balance as its start state (verify's opening balances).
    func currentBalances() throws -> AccountStartStates

    /// Calls `body` for every transfer with a row id above `watermark`, in ascending row id
    /// order (the order they were appended), streamed: memory must not grow with transfers.
    /// Rows are handed over as stored, however wrong (a hand-edited file): the checks judge them.
    func forEachTransfer(after watermark: Int64, _ body: (ScannedTransfer) throws -> Void) throws

    /// The ids transfer `rowID` shows (its entry id and both record ids): derived from its ULID, or
    /// the ids a ledger of an older schema kept. `kind` gives the record ids' prefix. Called only
    /// to name a violation, so it may be slow. nil when no such transfer.
    func transferIdentifiers(rowID: Int64, kind: AccountKind) throws -> TransferIdentifiers?

    // MARK: The queries (SPEC §4)

    /// The page of the user's history that `query` asks for, newest first: ordered by
    /// (created_at DESC, the leg's sequence DESC, transfer row id DESC), a total order, so pages
    /// never overlap or skip; the total counts every record the query matches.
    /// - Throws: `LedgerQueryError.notFound` for an unknown tenant or a user without such an
    ///   account; `LedgerQueryError.unreadable` for a row the query cannot interpret.
    func transactions(_ query: TransactionQuery) throws -> TransactionPage

    /// The database's plan for the statements `transactions(query)` runs, one line each (SQLite:
    /// `EXPLAIN QUERY PLAN` details), so a test can see that a page walks an index. May be empty.
    func transactionPlan(_ query: TransactionQuery) throws -> [String]

    /// A user's accounts (`query.userID` set: one user, total 1) or a page of the tenant's users
    /// sorted by user id bytes, each user's wallets sorted by currency and the points account of
    /// the tenant's points type (else the user's oldest points account). System accounts never.
    /// - Throws: `LedgerQueryError.notFound` for an unknown tenant, or a user with no account.
    func accounts(_ query: AccountsQuery) throws -> AccountsPage

    // MARK: Runs and breaks (SPEC §5)

    /// The newest `limit` runs (1…`RunHistory.maxLimit`), newest first: by start time, then the
    /// later recorded first. A ledger of an older release lacks some columns: they read as nil.
    func newestRuns(_ limit: Int) throws -> [RunRecord]

    /// The break register's open episodes (not resolved), in any order; none in a ledger that
    /// has no register yet.
    func openBreakEpisodes() throws -> [BreakEpisode]

    // MARK: The hash chain (SPEC §7)

    /// Every tenant (by row id, with its stored head), every tenant settings change and every
    /// account (by row id, with its opening link and current state), as `ChainVerifier` takes them.
    func chainMaterial() throws -> ChainMaterial

    /// Calls `body` for every entry's chain link in ascending row id order, streamed.
    func forEachChainEntry(_ body: (ChainVerifier.Entry) throws -> Void) throws

    /// Calls `body` for every entry with a row id above `watermark`, in ascending row id order,
    /// with its chain link's fields as the stored bytes (valid during the call only), streamed:
    /// `verify`'s one read of all history, for the ledger checks' scan and the chain at once.
    /// A default (below) builds it from `forEachChainEntry`; a backend reads its rows directly.
    func forEachTransferLink(after watermark: Int64, _ body: (StoredEntryLink) throws -> Void) throws

    /// Every head every run recorded, in run order, and the run ids whose record is not a list of
    /// heads (a run with no record, before the chain or a dry run's, is in neither).
    func recordedChainHeads() throws -> (recorded: [RecordedChainHead], unreadable: [String])

    /// Every tenant's head as stored now (where the next link continues).
    func currentChainHeads() throws -> ChainHeads

    // MARK: Export (SPEC §7)

    /// The tenants to export (one when `tenantID` is given, if it exists), sorted by id bytes.
    func journalTenants(tenantID: String?) throws -> [JournalTenant]

    /// The accounts to export, user and system, sorted by `AccountKey`; `openedAt` is the earliest
    /// of the account's creation time and its first entry's. Memory grows with accounts only.
    /// - Throws: `JournalScanError.unreadable` for an account of an unknown kind.
    func journalAccounts(tenantID: String?) throws -> [JournalAccount]

    /// Calls `body` for every entry (of `tenantID`'s, when given) in the order written, streamed.
    /// - Throws: `JournalScanError.unreadable` for an entry the export cannot represent.
    func forEachJournalEntry(tenantID: String?, _ body: (JournalEntry) throws -> Void) throws
}

extension LedgerSnapshot {
    /// Built from `accountTotals()`: a backend that can stream its accounts overrides it.
    public func forEachAccountTotal(_ body: (AccountTotals) throws -> Void) throws {
        for account in try accountTotals() { try body(account) }
    }

    /// From `forEachChainEntry`: every backend has it, with a copy of each entry's texts.
    public func forEachTransferLink(after watermark: Int64, _ body: (StoredEntryLink) throws -> Void) throws {
        try forEachChainEntry { entry in
            guard entry.rowID > watermark else { return }
            try StoredEntryLink.withFields(of: entry, body)
        }
    }
}

/// Where a ledger records what a run decided about its breaks (SPEC §5 break register): the
/// write half of the register, made in the run's own transaction (a dry run's is rolled back).
public protocol BreakRecording {
    /// Opens an episode for each new break, notes the sighting of each open one, closes each
    /// resolved one: all or nothing.
    func record(_ review: BreakReview) throws
}
