public import LedgerCore

/// The break register (SPEC §5, issue 9): every break's first sighting kept in the ledger, so a
/// break that persists for a week is reported as a week old, not as new every night.
///
/// A register row is one episode of a problem: open from the run that first saw it until the run
/// that resolves it. Only one episode per `break_id` is open at a time; a problem that comes back
/// after being resolved opens a new episode (it is `new` again). Rows are updated in place
/// (last sighting, resolution): the register is bookkeeping about the checks, not the journal,
/// which stays append-only.
public enum BreakRegister {
    package static let millisPerDay: Int64 = 86_400_000

    /// Compares this run's breaks with the register's open ones. Reads only.
    ///
    /// - Parameters:
    ///   - violations: this run's breaks in report order (ids number repeated identities in it).
    ///   - rechecked: the checks this run evaluated over everything their earlier breaks were
    ///     about; an open break of another check is neither seen nor resolved (a night without an
    ///     expected-balances file says nothing about yesterday's `expected_balances` breaks).
    ///   - now: the review's time, UTC milliseconds; ages count whole days up to it.
    ///   - snapshot: the ledger whose register is read.
    public static func review(_ violations: [CheckViolation], rechecked: Set<CheckName>, runID: String, at now: Int64,
                              in snapshot: any LedgerSnapshot) throws -> BreakReview {
        var open: [String: BreakEpisode] = [:]
        for episode in try snapshot.openBreakEpisodes() { open[episode.breakID] = episode }
        let ids = BreakIdentity.ids(for: violations)
        let breaks = zip(violations, ids).map { violation, id in
            guard let episode = open[id] else {
                return RegisteredBreak(violation: violation, breakID: id, state: .new, firstSeenAt: now, firstSeenRun: runID, ageDays: 0)
            }
            let age = max(0, now - episode.firstSeenAt) / millisPerDay
            return RegisteredBreak(violation: violation, breakID: id, state: .open, firstSeenAt: episode.firstSeenAt,
                                   firstSeenRun: episode.firstSeenRun, ageDays: Int(age))
        }
        let seen = Set(ids)
        let resolved = open.values
            .filter { !seen.contains($0.breakID) && CheckName(rawValue: $0.check).map(rechecked.contains) == true }
            .map { ResolvedBreak(breakID: $0.breakID, check: $0.check, tenantID: $0.tenantID, userID: $0.userID, kind: $0.kind,
                                 asset: $0.asset, firstSeenAt: $0.firstSeenAt, resolvedRun: runID) }
            .sorted { lhs, rhs in
                // Check order as in breaks.csv, then ids by their bytes.
                let order = { (check: String) in CheckName.allCases.firstIndex { $0.rawValue == check } ?? Int.max }
                guard lhs.check == rhs.check else { return order(lhs.check) < order(rhs.check) }
                return OpaqueID.bytesPrecede([lhs.tenantID, lhs.userID, lhs.kind, lhs.asset, lhs.breakID],
                                             [rhs.tenantID, rhs.userID, rhs.kind, rhs.asset, rhs.breakID])
            }
        return BreakReview(breaks: breaks, resolved: resolved, runID: runID, reviewedAt: now)
    }
}

/// One open episode of the break register: a problem from the run that first saw it on.
public struct BreakEpisode: Hashable, Sendable {
    public var breakID: String
    /// The check's name (`CheckName.rawValue`).
    public var check: String
    public var tenantID: String
    public var userID: String
    public var kind: String
    public var asset: String
    /// UTC milliseconds.
    public var firstSeenAt: Int64
    public var firstSeenRun: String

    public init(breakID: String, check: String, tenantID: String, userID: String, kind: String, asset: String,
                firstSeenAt: Int64, firstSeenRun: String) {
        self.breakID = breakID
        self.check = check
        self.tenantID = tenantID
        self.userID = userID
        self.kind = kind
        self.asset = asset
        self.firstSeenAt = firstSeenAt
        self.firstSeenRun = firstSeenRun
    }
}
