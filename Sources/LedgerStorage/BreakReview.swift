public import LedgerCore

/// `new`: first seen by this run; `open`: seen by an earlier run and still there (SPEC §5 breaks.csv).
public enum BreakState: String, Hashable, Sendable {
    case new, open
}

/// One break of this run as the register knows it: a row of breaks.csv with its register columns.
/// report.html buckets open breaks by `ageDays` (new, 1–3 days, 3–7, 7–30, older).
public struct RegisteredBreak: Hashable, Sendable {
    public var violation: CheckViolation
    public var breakID: String
    public var state: BreakState
    /// UTC milliseconds: when a run first saw it (this run, for a new break).
    public var firstSeenAt: Int64
    public var firstSeenRun: String
    /// Whole days from `firstSeenAt` to this run's review (0 for a new break).
    public var ageDays: Int
}

/// A break that was open after the previous run and is gone now (a row of resolved_breaks.csv).
public struct ResolvedBreak: Hashable, Sendable {
    public var breakID: String
    public var check: String
    public var tenantID: String
    public var userID: String
    public var kind: String
    public var asset: String
    /// UTC milliseconds.
    public var firstSeenAt: Int64
    public var resolvedRun: String
}

/// What one run found in the register: its breaks (in the order given, report order) and the
/// breaks it resolved. Recording it is a separate step (`BreakRegister.record`), which a dry run
/// or `verify` never takes.
public struct BreakReview: Hashable, Sendable {
    public var breaks: [RegisteredBreak]
    public var resolved: [ResolvedBreak]
    public var runID: String
    /// UTC milliseconds of the review.
    public var reviewedAt: Int64

    /// Every break new, nothing resolved: for a ledger whose register cannot be read (a damaged file).
    public static func unregistered(_ violations: [CheckViolation], runID: String, at now: Int64) -> BreakReview {
        let breaks = zip(violations, BreakIdentity.ids(for: violations)).map { violation, id in
            RegisteredBreak(violation: violation, breakID: id, state: .new, firstSeenAt: now, firstSeenRun: runID, ageDays: 0)
        }
        return BreakReview(breaks: breaks, resolved: [], runID: runID, reviewedAt: now)
    }
}
