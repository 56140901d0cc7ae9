import GRDB
import LedgerCore

/// The runs table: every run of the job, and which unfinished run a run finishes (SPEC §4, §5).
extension LedgerWriter {
    /// Records the start of a run (not for dry runs, which leave nothing durable), with the
    /// identity of its inputs and the night's posting watermark. A run that resumes another
    /// marks that one as resumed, so it is never resumed twice.
    public func recordRunStart(command: String, pid: Int32, inputs: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO runs (run_id, command, pid, started_at, status, inputs, postings_watermark, resumes)
                VALUES (?, ?, ?, ?, 'running', ?, ?, ?)
                """,
            arguments: [runID, command, Int64(pid), now(), inputs, postingsWatermark, resuming?.runID]
        )
        if let resuming {
            // Whoever holds the lock is the only live run, so a 'running' row here is a process
            // that is gone: it was interrupted.
            try db.execute(
                sql: """
                    UPDATE runs SET resumed_by = ?, status = CASE status WHEN 'running' THEN 'interrupted' ELSE status END
                    WHERE run_id = ?
                    """,
                arguments: [runID, resuming.runID]
            )
        }
    }

    /// Marks the run failed (it stopped with an error before its reports were written).
    public func recordRunFailure(_ reason: String, in db: Database) throws {
        try db.execute(
            sql: "UPDATE runs SET finished_at = ?, status = 'failed', reports = ? WHERE run_id = ?",
            arguments: [now(), reason, runID]
        )
    }

    public func recordRunEnd(exitCode: Int32, reports: String, in db: Database) throws {
        try db.execute(
            sql: "UPDATE runs SET finished_at = ?, status = 'finished', exit_code = ?, reports = ? WHERE run_id = ?",
            arguments: [now(), Int64(exitCode), reports, runID]
        )
    }

    /// The newest run that started and did not finish and that no later run has resumed or
    /// abandoned. Runs written before inputs were recorded (an older release) are never resumed:
    /// re-running their files still applies each transfer exactly once through its key.
    public static func unfinishedRun(_ db: Database) throws -> UnfinishedRun? {
        try Row.fetchOne(db, sql: """
            SELECT run_id, command, inputs, status, postings_watermark FROM runs
            WHERE status IN ('running', 'failed', 'interrupted') AND resumed_by IS NULL AND inputs != ''
            ORDER BY started_at DESC, rowid DESC LIMIT 1
            """).map { row in
            UnfinishedRun(runID: row["run_id"], command: row["command"], inputs: row["inputs"], status: row["status"],
                          nightWatermark: row["postings_watermark"])
        }
    }

    /// Gives up an unfinished run (`--abandon`): its committed batches stay, its recorded
    /// decisions are never replayed, and later runs decide its rows afresh.
    public func abandon(_ run: UnfinishedRun, in db: Database) throws {
        try db.execute(sql: "UPDATE runs SET status = 'abandoned' WHERE run_id = ? AND resumed_by IS NULL",
                       arguments: [run.runID])
    }

    /// Makes this run the continuation of `run`: the night's watermark and opening balances are
    /// the ones it started with, so the reports come out as from one uninterrupted run.
    public func resume(_ run: UnfinishedRun, in db: Database) throws {
        resuming = run
        postingsWatermark = run.nightWatermark
        var chain: Set<String> = []
        var next: String? = run.runID
        while let runID = next, chain.insert(runID).inserted {
            next = try String.fetchOne(db, sql: "SELECT resumes FROM runs WHERE run_id = ?", arguments: [runID])
        }
        resumeChainRuns = chain
        // An account's balance at the night's start is the balance before its first posting of
        // the night (exact, no sums); accounts the night did not touch have their current balance.
        let firstOfNight = try Row.fetchCursor(db, sql: """
            SELECT account_id, balance_before FROM postings
            WHERE id IN (SELECT MIN(id) FROM postings WHERE id > ? GROUP BY account_id)
            """, arguments: [run.nightWatermark])
        while let row = try firstOfNight.next() {
            balancesAtStart[row[0]] = row[1]
        }
    }
}
