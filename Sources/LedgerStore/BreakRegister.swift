import GRDB
import LedgerCore
import LedgerStorage

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

/// The break register (SPEC §5, issue 9): every break's first sighting kept in the ledger, so a
/// break that persists for a week is reported as a week old, not as new every night.
///
/// A register row is one episode of a problem: open from the run that first saw it until the run
/// that resolves it. Only one episode per `break_id` is open at a time; a problem that comes back
/// after being resolved opens a new episode (it is `new` again). Rows are updated in place
/// (last sighting, resolution): the register is bookkeeping about the checks, not the journal,
/// which stays append-only.
public enum BreakRegister {
    static let millisPerDay: Int64 = 86_400_000

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

    /// Compares this run's breaks with the register's open ones. Reads only.
    ///
    /// - Parameters:
    ///   - violations: this run's breaks in report order (ids number repeated identities in it).
    ///   - rechecked: the checks this run evaluated over everything their earlier breaks were
    ///     about; an open break of another check is neither seen nor resolved (a night without an
    ///     expected-balances file says nothing about yesterday's `expected_balances` breaks).
    ///   - now: the review's time, UTC milliseconds; ages count whole days up to it.
    public static func review(_ violations: [CheckViolation], rechecked: Set<CheckName>, runID: String, at now: Int64,
                              in db: Database) throws -> BreakReview {
        let open = try openEpisodes(db)
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

    /// Records a review: opens an episode for each new break, notes the sighting of each open one,
    /// and closes each resolved one; all in one transaction (a savepoint inside a dry run's).
    public static func record(_ review: BreakReview, in db: Database) throws {
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

    private struct Episode {
        var breakID: String
        var check: String
        var tenantID: String
        var userID: String
        var kind: String
        var asset: String
        var firstSeenAt: Int64
        var firstSeenRun: String
    }

    /// The open episodes by break id; none in a ledger of an older release opened read-only.
    private static func openEpisodes(_ db: Database) throws -> [String: Episode] {
        guard try db.tableExists("break_register") else { return [:] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT break_id, check_name, tenant_id, user_id, kind, asset, first_seen_at, first_seen_run
            FROM break_register WHERE resolved_run IS NULL
            """)
        var episodes: [String: Episode] = [:]
        for row in rows {
            let episode = Episode(breakID: row["break_id"], check: row["check_name"], tenantID: row["tenant_id"],
                                  userID: row["user_id"], kind: row["kind"], asset: row["asset"],
                                  firstSeenAt: row["first_seen_at"], firstSeenRun: row["first_seen_run"])
            episodes[episode.breakID] = episode
        }
        return episodes
    }
}
