import GRDB
import LedgerCore
import LedgerStorage

/// The runs table: every run of the job, and which unfinished run a run finishes (SPEC §4, §5).
extension LedgerWriter {
    /// Records the start of a run (not for dry runs, which leave nothing durable), with the
    /// identity of its inputs and the night's transfers watermark. A run that resumes another
    /// marks that one as resumed, so it is never resumed twice.
    public func recordRunStart(command: String, pid: Int32, inputs: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO runs (run_id, command, pid, started_at, status, inputs, transfers_watermark, resumes)
                VALUES (?, ?, ?, ?, 'running', ?, ?, ?)
                ON CONFLICT (run_id) DO UPDATE SET command = excluded.command, pid = excluded.pid,
                    started_at = excluded.started_at, inputs = excluded.inputs,
                    transfers_watermark = excluded.transfers_watermark, resumes = excluded.resumes
                """,
            arguments: [runID, command, Int64(pid), now(), inputs, transfersWatermark, resuming?.runID]
        )
        runRowID = try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE run_id = ?", arguments: [runID])
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
            SELECT run_id, command, inputs, status, transfers_watermark FROM runs
            WHERE status IN ('running', 'failed', 'interrupted') AND resumed_by IS NULL AND inputs != ''
            ORDER BY started_at DESC, id DESC LIMIT 1
            """).map { row in
            UnfinishedRun(runID: row["run_id"], command: row["command"], inputs: row["inputs"], status: row["status"],
                          nightWatermark: row["transfers_watermark"])
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
        let processWatermark = transfersWatermark
        transfersWatermark = run.nightWatermark
        var chain: Set<String> = []
        var next: String? = run.runID
        while let runID = next, chain.insert(runID).inserted {
            next = try String.fetchOne(db, sql: "SELECT resumes FROM runs WHERE run_id = ?", arguments: [runID])
        }
        resumeChainRuns = chain
        // Each account's state at the night's start: its state now less the legs the night's
        // earlier runs posted (exact, 128-bit totals). Its balance is the balance before its first
        // leg of the night; accounts the night did not touch keep their current state.
        let legs = try Row.fetchCursor(db, sql: """
            SELECT debit_account, credit_account, amount, debit_sequence, debit_balance_after, credit_sequence, credit_balance_after
            FROM transfers WHERE id > ? AND id <= ? ORDER BY id DESC
            """, arguments: [run.nightWatermark, processWatermark])
        while let row = try legs.next() {
            let amount: Int64 = row[2]
            for (account, sequence, after, sign) in [(row[0] as Int64, row[3] as Int64, row[4] as Int64, Int128(-1)),
                                                      (row[1] as Int64, row[5] as Int64, row[6] as Int64, Int128(1))] {
                var start = startStates[account]
                // Walking back, the last leg seen is the night's first: its balance before and sequence − 1.
                start.balance = Int64(clamping: Int128(after) - sign * Int128(amount))
                start.lastSequence = sequence - 1
                if sign < 0 { start.postedDebits -= Int128(amount) } else { start.postedCredits -= Int128(amount) }
                startStates[account] = start
            }
        }
    }
}
