import GRDB
public import LedgerStorage

/// Tells whether anything has been committed to a ledger since the watch started, by any
/// connection, so a run that stops can say truthfully whether it applied something (exit 5) or
/// nothing (exit 2, SPEC §4).
///
/// It reads `PRAGMA data_version` on a read-only connection of its own: that value changes
/// whenever *another* connection commits, and this connection never writes, so every commit of
/// the run's writer moves it.
public final class CommitWatch: LedgerCommitWatch {
    private let queue: DatabaseQueue
    private let startVersion: Int64

    /// Starts watching the database at `path` (which must exist).
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        startVersion = try queue.inDatabase { try Int64.fetchOne($0, sql: "PRAGMA data_version") ?? 0 }
    }

    /// true when something was committed since `init`; nil when the database cannot be read any
    /// more (then something may have been).
    public var hasCommits: Bool? {
        guard let version = try? queue.inDatabase({ try Int64.fetchOne($0, sql: "PRAGMA data_version") }) else { return nil }
        return version != startVersion
    }
}
