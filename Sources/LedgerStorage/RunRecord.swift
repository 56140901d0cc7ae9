/// What a run counted (SPEC §5 `runs`): the transfer rows it read and their outcomes.
public struct RunCounts: Hashable, Sendable {
    public var read: Int
    public var applied: Int
    public var duplicate: Int
    public var rejected: Int

    public init(read: Int, applied: Int, duplicate: Int, rejected: Int) {
        self.read = read
        self.applied = applied
        self.duplicate = duplicate
        self.rejected = rejected
    }
}

/// One run as the runs table recorded it (SPEC §5 `runs`).
///
/// `recordedStatus` is what the run itself last wrote: `running` stays there when its process
/// was killed, so whether a `running` run is alive is decided by the caller, which can see the
/// run lock (`RunLock`); the store cannot.
public struct RunRecord: Hashable, Sendable {
    public var runID: String
    public var command: String
    public var pid: Int32
    /// UTC milliseconds.
    public var startedAt: Int64
    public var finishedAt: Int64?
    /// `running`, `finished`, `failed`, `interrupted` (a later run resumed it) or `abandoned`.
    public var recordedStatus: String
    public var exitCode: Int32?
    /// The run's report directory; nil when it wrote none (it failed, or was killed).
    public var reports: String?
    /// Why a failed run stopped.
    public var failure: String?
    /// nil when the run did not get as far as counting (killed, or recorded by an older release).
    public var counts: RunCounts?
    /// The unfinished run this one resumed.
    public var resumes: String?

    package init(runID: String, command: String, pid: Int32, startedAt: Int64, finishedAt: Int64?, recordedStatus: String,
                 exitCode: Int32?, reports: String?, failure: String?, counts: RunCounts?, resumes: String?) {
        self.runID = runID
        self.command = command
        self.pid = pid
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.recordedStatus = recordedStatus
        self.exitCode = exitCode
        self.reports = reports
        self.failure = failure
        self.counts = counts
        self.resumes = resumes
    }
}

/// The runs listing (`ledger-recon runs`, `LedgerSnapshot.newestRuns`).
public enum RunHistory {
    /// Most runs one listing returns.
    public static let maxLimit = 10_000
}
