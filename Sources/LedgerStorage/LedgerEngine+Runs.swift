import LedgerCore

/// The run records: every run of the job, and which unfinished run a run finishes (SPEC §4, §5).
extension LedgerEngine {
    /// Records the start of a run (not for dry runs, which leave nothing durable), with the
    /// identity of its inputs and the night's transfers watermark. A run that resumes another
    /// marks that one as resumed, so it is never resumed twice.
    public func recordRunStart(command: String, pid: Int32, inputs: String) throws {
        runRowID = try store.recordRunStart(RunStartRecord(
            runID: runID, command: command, pid: pid, startedAt: now(), inputs: inputs,
            transfersWatermark: transfersWatermark, resumes: resuming?.runID))
        // Whoever holds the lock is the only live run, so a 'running' resumed run is a process
        // that is gone: it was interrupted.
        if let resuming { try store.markResumed(runID: resuming.runID, by: runID) }
    }

    /// Marks the run failed (it stopped with an error before its reports were written), with the
    /// exit code the process stops with, so `runs` shows why cron saw that code.
    public func recordRunFailure(_ reason: String, exitCode: Int32) throws {
        try store.recordRunFailure(runID: runID, reason: reason, exitCode: exitCode, finishedAt: now())
    }

    public func recordRunEnd(exitCode: Int32, reports: String) throws {
        try store.recordRunEnd(runID: runID, exitCode: exitCode, reports: reports, finishedAt: now())
    }

    /// The newest run that started and did not finish and that no later run has resumed or
    /// abandoned. Runs written before inputs were recorded (an older release) are never resumed:
    /// re-running their files still applies each transfer exactly once through its key.
    public func unfinishedRun() throws -> UnfinishedRun? { try store.unfinishedRun() }

    /// Gives up an unfinished run (`--abandon`): its committed batches stay, its recorded
    /// decisions are never replayed, and later runs decide its rows afresh.
    public func abandon(_ run: UnfinishedRun) throws { try store.abandon(runID: run.runID) }

    /// Makes this run the continuation of `run`: the night's watermark and opening balances are
    /// the ones it started with, so the reports come out as from one uninterrupted run.
    public func resume(_ run: UnfinishedRun) throws {
        resuming = run
        let processWatermark = transfersWatermark
        transfersWatermark = run.nightWatermark
        var chain: Set<String> = []
        var next: String? = run.runID
        while let runID = next, chain.insert(runID).inserted {
            next = try store.resumedRun(of: runID)
        }
        resumeChainRuns = chain
        // Each account's state at the night's start: its state now less the legs the night's
        // earlier runs posted (exact, 128-bit totals). Its balance is the balance before its first
        // leg of the night; accounts the night did not touch keep their current state.
        guard run.nightWatermark < processWatermark else { return }
        try store.scanLegsNewestFirst(rows: (run.nightWatermark + 1)...processWatermark) { legs in
            let amount = Int128(legs.amount)
            for (account, sequence, after, sign) in [(legs.debitAccount, legs.debitSequence, legs.debitBalanceAfter, Int128(-1)),
                                                      (legs.creditAccount, legs.creditSequence, legs.creditBalanceAfter, Int128(1))] {
                var start = startStates[account]
                // Walking back, the last leg seen is the night's first: its balance before and sequence − 1.
                start.balance = Int64(clamping: Int128(after) - sign * amount)
                start.lastSequence = sequence - 1
                if sign < 0 { start.postedDebits -= amount } else { start.postedCredits -= amount }
                startStates[account] = start
            }
        }
    }
}
