public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// The break register (SPEC §5) and the runs listing on PostgreSQL, as SQLite's `BreakRegister`
/// and `RunHistory` read and write them. A review is recorded in the caller's transaction (a run's:
/// a dry run's is rolled back with it), under a savepoint so that it is all or nothing.
extension PostgresLedgerSnapshot {
    public func openBreakEpisodes() throws -> [BreakEpisode] {
        try session.rows("""
            SELECT break_id, check_name, tenant_id, user_id, kind, asset, first_seen_at, first_seen_run
            FROM break_register WHERE resolved_run IS NULL
            """) { row in
            let (breakID, check, tenantID, userID, kind, asset, firstSeenAt, firstSeenRun) = try row.decode(
                (String, String, String, String, String, String, Int64, String).self)
            return BreakEpisode(breakID: breakID, check: check, tenantID: tenantID, userID: userID, kind: kind, asset: asset,
                                firstSeenAt: firstSeenAt, firstSeenRun: firstSeenRun)
        }
    }

    public func record(_ review: BreakReview) throws {
        try session.execute("SAVEPOINT ledger_break_review")
        do {
            for registered in review.breaks {
                switch registered.state {
                case .new:
                    let violation = registered.violation
                    let kind = violation.asset?.kind.rawValue ?? "", asset = violation.asset?.code ?? "", field = violation.field ?? ""
                    try session.execute("""
                        INSERT INTO break_register (break_id, check_name, tenant_id, user_id, kind, asset, field, first_seen_at,
                            first_seen_run, last_seen_at, last_seen_run)
                        VALUES (\(registered.breakID), \(violation.check.rawValue), \(violation.tenantID), \(violation.userID),
                            \(kind), \(asset), \(field), \(registered.firstSeenAt), \(registered.firstSeenRun), \(review.reviewedAt),
                            \(review.runID))
                        """)
                case .open:
                    try session.execute("""
                        UPDATE break_register SET last_seen_at = \(review.reviewedAt), last_seen_run = \(review.runID)
                        WHERE break_id = \(registered.breakID) AND resolved_run IS NULL
                        """)
                }
            }
            for resolved in review.resolved {
                try session.execute("""
                    UPDATE break_register SET resolved_at = \(review.reviewedAt), resolved_run = \(resolved.resolvedRun)
                    WHERE break_id = \(resolved.breakID) AND resolved_run IS NULL
                    """)
            }
            try session.execute("RELEASE SAVEPOINT ledger_break_review")
        } catch {
            try? session.execute("ROLLBACK TO SAVEPOINT ledger_break_review")
            throw error
        }
    }

    /// The newest `limit` runs, newest first (by start time, then the later recorded first).
    public func newestRuns(_ limit: Int) throws -> [RunRecord] {
        precondition(limit > 0 && limit <= RunHistory.maxLimit, "a runs listing has 1…\(RunHistory.maxLimit) rows")
        return try session.rows("""
            SELECT run_id, command, pid, started_at, finished_at, status, exit_code, reports, resumes,
                   rows_read, rows_applied, rows_duplicate, rows_rejected
            FROM runs ORDER BY started_at DESC, id DESC LIMIT \(Int64(limit))
            """) { row in
            let (runID, command, pid, startedAt, finishedAt, status, exitCode, reports, resumes, read, applied, duplicate, rejected)
                = try row.decode((String, String, Int64, Int64, Int64?, String, Int32?, String?, String?, Int64?, Int64?, Int64?,
                                  Int64?).self)
            let counts = read.map {
                RunCounts(read: Int($0), applied: Int(applied ?? 0), duplicate: Int(duplicate ?? 0), rejected: Int(rejected ?? 0))
            }
            // A failed run keeps its reason where the reports path would be (as on SQLite).
            return RunRecord(runID: runID, command: command, pid: Int32(truncatingIfNeeded: pid), startedAt: startedAt,
                             finishedAt: finishedAt, recordedStatus: status, exitCode: exitCode,
                             reports: status == "failed" ? nil : reports, failure: status == "failed" ? reports : nil,
                             counts: counts, resumes: resumes)
        }
    }
}
