internal import PostgresNIO

/// Only one run writes a PostgreSQL ledger at a time (SPEC §6, §7): a session-level advisory lock
/// on the run's own connection, taken without waiting (`pg_try_advisory_lock`).
///
/// The lock belongs to the database (advisory locks are per database), not to how it was reached:
/// another host, user or URL spelling meets the same lock. It lives exactly as long as the
/// session: released on `release()`, on close, and by the server when the connection dies with a
/// killed run (kill -9 included), so no stale lock outlives its run.
///
/// A refused run names the holder: the run id the holder put in its `application_name`
/// (`PostgresSession.connect`), its client address and since when it is connected; where the
/// server hides those (another role's session, without pg_read_all_stats), the newest running run
/// in `runs`.
struct PostgresRunLock {
    let session: PostgresSession

    /// Two int4 keys (the `pg_locks` columns `classid`, `objid`): "LR" (ledger-recon), then the lock's purpose.
    static let keyClass: Int32 = 0x4C52
    static let runKey: Int32 = 1

    /// The `application_name` a run's session carries, from which a refused run reads its id.
    static func applicationName(runID: String) -> String {
        String("ledger-recon run \(runID)".utf8.prefix(63)) ?? "ledger-recon"
    }

    /// Takes the lock or throws at once.
    /// - Throws: `PostgresStoreError.lockHeld` naming the run that holds it.
    static func acquire(_ session: PostgresSession) throws -> PostgresRunLock {
        let taken = try session.rows("SELECT pg_try_advisory_lock(\(keyClass), \(runKey))") { try $0.decode(Bool.self) }
        guard taken.first == true else {
            throw PostgresStoreError.lockHeld(session.location, owner: try holder(session))
        }
        return PostgresRunLock(session: session)
    }

    /// Gives the lock back before the session ends (e.g. a run that finishes but keeps reading).
    func release() throws {
        try session.execute("SELECT pg_advisory_unlock(\(Self.keyClass), \(Self.runKey))")
    }

    /// Who holds the lock, as `run RUN_ID, client ADDRESS, connected since TIME` (as much as the
    /// server shows).
    static func holder(_ session: PostgresSession) throws -> String {
        let holders = try session.rows("""
            SELECT a.pid, a.application_name, host(a.client_addr),
                   to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = \(keyClass)::oid AND l.objid = \(runKey)::oid AND l.objsubid = 2
            """) { row in try row.decode((Int32?, String?, String?, String?).self) }
        var parts: [String] = []
        if let (pid, application, client, since) = holders.first {
            let prefix = "ledger-recon run "
            if let application, application.hasPrefix(prefix) {
                parts.append("run \(application.dropFirst(prefix.count))")
            } else if let running = try newestRunningRun(session) {
                parts.append("run \(running)")
            }
            if let client { parts.append("client \(client)") }
            if let pid { parts.append("server pid \(pid)") }
            if let since { parts.append("connected since \(since)") }
        } else if let running = try newestRunningRun(session) {
            parts.append("run \(running)")
        }
        return parts.isEmpty ? "a session that holds the run lock" : parts.joined(separator: ", ")
    }

    private static func newestRunningRun(_ session: PostgresSession) throws -> String? {
        guard try session.rows("SELECT to_regclass('runs') IS NOT NULL", { try $0.decode(Bool.self) }).first == true else { return nil }
        return try session.rows("SELECT run_id FROM runs WHERE status = 'running' ORDER BY started_at DESC, id DESC LIMIT 1") {
            try $0.decode(String.self)
        }.first
    }
}
