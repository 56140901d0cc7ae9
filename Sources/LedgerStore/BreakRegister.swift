import GRDB
import LedgerCore
import LedgerStorage

/// The SQLite half of the break register (`BreakRegister`): its table, and recording a review.
extension BreakRegister {
    /// The migration's statements (registered in `LedgerSchema.migrator`, "v3 break register").
    static let tableSQL = """
        CREATE TABLE break_register (
            id INTEGER PRIMARY KEY,
            break_id TEXT NOT NULL,
            check_name TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            asset TEXT NOT NULL,
            field TEXT NOT NULL,
            first_seen_at INTEGER NOT NULL,
            first_seen_run TEXT NOT NULL,
            last_seen_at INTEGER NOT NULL,
            last_seen_run TEXT NOT NULL,
            resolved_at INTEGER,
            resolved_run TEXT
        );
        CREATE UNIQUE INDEX break_register_open ON break_register(break_id) WHERE resolved_run IS NULL;
        """

    /// Records a review: opens an episode for each new break, notes the sighting of each open one,
    /// and closes each resolved one; all in one transaction (a savepoint inside a dry run's).
    static func record(_ review: BreakReview, in db: Database) throws {
        try db.inSavepoint {
            for registered in review.breaks {
                switch registered.state {
                case .new:
                    let violation = registered.violation
                    try db.execute(sql: """
                        INSERT INTO break_register (break_id, check_name, tenant_id, user_id, kind, asset, field, first_seen_at,
                            first_seen_run, last_seen_at, last_seen_run)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [
                            registered.breakID, violation.check.rawValue, violation.tenantID, violation.userID,
                            violation.asset?.kind.rawValue ?? "", violation.asset?.code ?? "", violation.field ?? "",
                            registered.firstSeenAt, registered.firstSeenRun, review.reviewedAt, review.runID,
                        ])
                case .open:
                    try db.execute(
                        sql: "UPDATE break_register SET last_seen_at = ?, last_seen_run = ? WHERE break_id = ? AND resolved_run IS NULL",
                        arguments: [review.reviewedAt, review.runID, registered.breakID])
                }
            }
            for resolved in review.resolved {
                try db.execute(
                    sql: "UPDATE break_register SET resolved_at = ?, resolved_run = ? WHERE break_id = ? AND resolved_run IS NULL",
                    arguments: [review.reviewedAt, resolved.resolvedRun, resolved.breakID])
            }
            return .commit
        }
    }

    /// The open episodes; none in a ledger of an older release opened read-only.
    static func openEpisodes(_ db: Database) throws -> [BreakEpisode] {
        guard try db.tableExists("break_register") else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT break_id, check_name, tenant_id, user_id, kind, asset, first_seen_at, first_seen_run
            FROM break_register WHERE resolved_run IS NULL
            """).map { row in
            BreakEpisode(breakID: row["break_id"], check: row["check_name"], tenantID: row["tenant_id"], userID: row["user_id"],
                         kind: row["kind"], asset: row["asset"], firstSeenAt: row["first_seen_at"], firstSeenRun: row["first_seen_run"])
        }
    }
}
