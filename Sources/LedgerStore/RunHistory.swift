import GRDB
import LedgerStorage

/// The runs table read for `ledger-recon runs`, and the counts a run adds to its row: the only
/// place that knows how the table is laid out for these two uses.
extension RunHistory {
    /// The newest `limit` runs, newest first (by start time, then by insertion order).
    ///
    /// Works on a ledger of an older release opened read-only (not migrated): columns it lacks
    /// read as nil.
    static func newest(_ limit: Int, in db: Database) throws -> [RunRecord] {
        precondition(limit > 0 && limit <= maxLimit, "a runs listing has 1…\(maxLimit) rows")
        let columns = Set(try db.columns(in: "runs").map(\.name))
        let optional = { (name: String) in columns.contains(name) ? name : "NULL AS \(name)" }
        let rows = try Row.fetchAll(db, sql: """
            SELECT run_id, command, pid, started_at, finished_at, status, exit_code, reports,
                   \(optional("resumes")), \(optional("rows_read")), \(optional("rows_applied")),
                   \(optional("rows_duplicate")), \(optional("rows_rejected"))
            FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?
            """, arguments: [limit])
        return rows.map { row in
            let status: String = row["status"]
            let reports: String? = row["reports"]
            var counts: RunCounts?
            if let read: Int = row["rows_read"] {
                counts = RunCounts(read: read, applied: row["rows_applied"] ?? 0, duplicate: row["rows_duplicate"] ?? 0,
                                   rejected: row["rows_rejected"] ?? 0)
            }
            // A failed run keeps its reason where the reports path would be (`recordRunFailure`).
            return RunRecord(
                runID: row["run_id"], command: row["command"], pid: Int32(truncatingIfNeeded: row["pid"] as Int64),
                startedAt: row["started_at"], finishedAt: row["finished_at"], recordedStatus: status,
                exitCode: (row["exit_code"] as Int64?).map { Int32(truncatingIfNeeded: $0) },
                reports: status == "failed" ? nil : reports, failure: status == "failed" ? reports : nil,
                counts: counts, resumes: row["resumes"]
            )
        }
    }

    /// Records what the run counted, when it finished or stopped with an error.
    static func recordCounts(_ counts: RunCounts, runID: String, in db: Database) throws {
        try db.execute(
            sql: "UPDATE runs SET rows_read = ?, rows_applied = ?, rows_duplicate = ?, rows_rejected = ? WHERE run_id = ?",
            arguments: [counts.read, counts.applied, counts.duplicate, counts.rejected, runID]
        )
    }

    /// The migration's statements: the counts columns (nil for runs recorded before them).
    static let countColumnsSQL = """
        ALTER TABLE runs ADD COLUMN rows_read INTEGER;
        ALTER TABLE runs ADD COLUMN rows_applied INTEGER;
        ALTER TABLE runs ADD COLUMN rows_duplicate INTEGER;
        ALTER TABLE runs ADD COLUMN rows_rejected INTEGER;
        """
}
