import LedgerCore
import LedgerStorage

/// What `LedgerFixture` needs of a backend beyond the storage protocols: a fresh ledger, more
/// connections to it, and the hand edits and reads a test makes in SQL. One per backend
/// (`SQLiteFixtureDatabase`, `PostgresFixtureDatabase`); a fixture owns its database and removes
/// it when released.
protocol FixtureDatabase: AnyObject {
    /// The write store the fixture's engine works through (created with the ledger).
    var writeStore: any LedgerWriteStore { get }

    /// The reader the fixture reads through (it may share the write store's connection).
    var reader: any LedgerReading { get }

    /// Another write store on the same ledger, as the next run would open it.
    func makeWriteStore() throws -> any LedgerWriteStore

    /// A reader of the ledger on a connection of its own.
    func makeReader() throws -> any LedgerReading

    /// Records a break review as a run does (one transaction).
    func record(_ review: BreakReview) throws

    /// Records a run's counts as a run does.
    func recordCounts(_ counts: RunCounts, runID: String) throws

    /// Runs SQL as a person tampering with the database would: the append-only triggers do not fire.
    func tamper(_ sql: String) throws

    /// Runs SQL as a client of the ledger would (triggers fire): throws what the database refused.
    func execute(_ sql: String) throws

    /// The rows of a one-column query as text.
    func strings(_ sql: String) throws -> [String]

    /// An SQL expression for the bytes of the text `expression` (compared byte for byte).
    func bytes(_ expression: String) -> String

    /// The names of the ledger's indexes.
    func indexNames() throws -> Set<String>

    /// Opens the ledger again as the next command would (SQLite: the file; PostgreSQL: a new
    /// write store), running whatever repair an open makes.
    func reopen() throws

    /// Removes the ledger (the fixture's deinit).
    func remove()
}
