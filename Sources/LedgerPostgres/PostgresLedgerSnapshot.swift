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
}
