public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// A `LedgerSnapshot` over one PostgreSQL session, inside the transaction its caller holds: a
/// reader's `REPEATABLE READ READ ONLY` one (`PostgresLedgerReader.read`), or a run's own, so the
/// run's checks see what it wrote (`init(session:)`). Also records a break review
/// (`BreakRecording`) in that transaction when it may write.
///
/// Every method answers as `SQLiteLedgerSnapshot` does, byte for byte: the same orders (strings
/// sorted `COLLATE "C"`, by their bytes), the same ids derived from ULIDs or read from
/// `transfer_legacy_ids`. Account and transfer row ids are the engine's, unique across tenants as
/// in SQLite; joins also match the tenant so that each look-up uses a tenant-first key. The
/// streamed methods read through a server-side cursor (`PostgresCursor`) a slice at a time.
public struct PostgresLedgerSnapshot: LedgerSnapshot, BreakRecording {
    let session: PostgresSession

    /// A snapshot on `session`, which must be inside a transaction (a cursor lives only in one):
    /// the run's (pgw's write store passes its own session, so its checks see its writes) or a
    /// reader's read-only one.
    init(session: PostgresSession) {
        self.session = session
    }

    /// Thrown by a method not written yet; none is at the end of phase 2.
    struct NotImplemented: Error, CustomStringConvertible {
        var method: String
        var description: String { "PostgreSQL ledgers cannot \(method) yet" }
    }

    public func accountTotals() throws -> [AccountTotals] { throw NotImplemented(method: "accountTotals") }
    public func tenantIDsByRowID() throws -> [Int64: String] { throw NotImplemented(method: "tenantIDsByRowID") }
    public func tenants() throws -> TenantDirectory { throw NotImplemented(method: "tenants") }
    public func lastTransferRowID() throws -> Int64 { throw NotImplemented(method: "lastTransferRowID") }
    public func currentBalances() throws -> AccountStartStates { throw NotImplemented(method: "currentBalances") }
    public func forEachTransfer(after watermark: Int64, _ body: (ScannedTransfer) throws -> Void) throws {
        throw NotImplemented(method: "forEachTransfer")
    }
    public func transferIdentifiers(rowID: Int64, kind: AccountKind) throws -> TransferIdentifiers? {
        throw NotImplemented(method: "transferIdentifiers")
    }
    public func transactions(_ query: TransactionQuery) throws -> TransactionPage { throw NotImplemented(method: "transactions") }
    public func transactionPlan(_ query: TransactionQuery) throws -> [String] { throw NotImplemented(method: "transactionPlan") }
    public func accounts(_ query: AccountsQuery) throws -> AccountsPage { throw NotImplemented(method: "accounts") }
    public func newestRuns(_ limit: Int) throws -> [RunRecord] { throw NotImplemented(method: "newestRuns") }
    public func openBreakEpisodes() throws -> [BreakEpisode] { throw NotImplemented(method: "openBreakEpisodes") }
    public func record(_ review: BreakReview) throws { throw NotImplemented(method: "record") }
    public func chainMaterial() throws -> ChainMaterial { throw NotImplemented(method: "chainMaterial") }
    public func forEachChainEntry(_ body: (ChainVerifier.Entry) throws -> Void) throws { throw NotImplemented(method: "forEachChainEntry") }
    public func recordedChainHeads() throws -> (recorded: [RecordedChainHead], unreadable: [String]) {
        throw NotImplemented(method: "recordedChainHeads")
    }
    public func currentChainHeads() throws -> ChainHeads { throw NotImplemented(method: "currentChainHeads") }
    public func journalTenants(tenantID: String?) throws -> [JournalTenant] { throw NotImplemented(method: "journalTenants") }
    public func journalAccounts(tenantID: String?) throws -> [JournalAccount] { throw NotImplemented(method: "journalAccounts") }
    public func forEachJournalEntry(tenantID: String?, _ body: (JournalEntry) throws -> Void) throws {
        throw NotImplemented(method: "forEachJournalEntry")
    }
}
