import GRDB

/// What the SQLite store checks before a batch of the run commits (SPEC §4, §6), inside the
/// batch's transaction just before its commit, so a batch that fails it is rolled back: nobody
/// else has written the database since this writer's previous batch. `PRAGMA data_version`
/// changes when another connection commits (never for this connection's own commits), so a
/// second writer that got past the run lock — another program, a copy of the binary that does
/// not know the lock — stops this run instead of interleaving with it. (The run's own
/// conditions are the engine's: `LedgerEngine.commitConditions`.)
public final class BatchCommitGate {
    private var dataVersion: Int64?

    public init() {}

    /// Another connection committed to the ledger while this run was writing it.
    public struct ForeignWrite: Error, CustomStringConvertible {
        public var description: String {
            "another process wrote the ledger while this run was writing it (a second writer got past the "
                + "run lock); the open batch was rolled back. Stop the other writer, run `ledger-recon verify`, then run the "
                + "same command again"
        }
    }

    /// The first call remembers the database's version; later calls throw when it moved.
    func check(_ db: Database) throws {
        try check(version: try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0)
    }

    /// As `check(_:)`, through the writer's prepared `PRAGMA data_version` (a deferred commit, on the inserter's thread).
    func check(_ statements: WriterStatements) throws {
        var version: Int64 = 0
        try statements.dataVersion.query { row in version = row.int64(0) }
        try check(version: version)
    }

    private func check(version: Int64) throws {
        if let dataVersion, dataVersion != version { throw ForeignWrite() }
        dataVersion = version
    }
}
