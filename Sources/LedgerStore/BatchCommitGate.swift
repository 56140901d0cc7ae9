import GRDB

/// What must hold before a batch of the run commits (SPEC §4, §6), checked inside the batch's
/// transaction just before its commit, so a batch that fails it is rolled back.
///
/// - Nobody else has written the database since this writer's previous batch. `PRAGMA
///   data_version` changes when another connection commits (never for this connection's own
///   commits), so a second writer that got past the run lock — another program, a copy of the
///   binary that does not know the lock — stops this run instead of interleaving with it.
/// - The run's own conditions hold, e.g. the results of the previous batch reached results.csv:
///   a run whose results cannot be written stops before the next batch commits.
public final class BatchCommitGate {
    private var dataVersion: Int64?
    /// Checked in order before every commit; a throw rolls the batch back and stops the run.
    public var conditions: [() throws -> Void] = []

    public init() {}

    /// Another connection committed to the ledger while this run was writing it.
    public struct ForeignWrite: Error, CustomStringConvertible {
        public var description: String {
            "another process wrote the ledger while this run was writing it (a second writer got past the "
                + "run lock); the open batch was rolled back. Stop the other writer, run `ledger-recon verify`, then run the "
                + "same command again"
        }
    }

    /// Runs `body` (a batch's work, inside its transaction), then checks the gate.
    func admit<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let result = try body()
        try check(db)
        return result
    }

    /// The first call remembers the database's version; later calls throw when it moved.
    public func check(_ db: Database) throws {
        let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        if let dataVersion, dataVersion != version { throw ForeignWrite() }
        dataVersion = version
        for condition in conditions { try condition() }
    }
}
