internal import PostgresNIO

/// Reads a statement's rows a slice at a time through a server-side cursor (`DECLARE … CURSOR`,
/// `FETCH n`), so the streamed snapshot reads (`forEachTransfer`, `forEachChainEntry`,
/// `forEachJournalEntry`) hold one slice in memory, never the whole result.
///
/// A cursor lives in the session's transaction (the reader's or the run's). Between two slices
/// the caller's body may run other statements on the same session (naming a violation looks a
/// transfer up): the cursor waits where it is.
enum PostgresCursor {
    /// Rows per `FETCH`: a few MB decoded at the widest row; a 1M-row scan is 200 round trips.
    static let sliceSize = 5_000

    /// Calls `body` for every row of `query`, in its order.
    static func forEach<Row: Sendable>(_ session: PostgresSession, _ query: PostgresQuery,
                                       decode: @escaping @Sendable (PostgresRow) throws -> Row,
                                       _ body: (Row) throws -> Void) throws {
        // Unique per call: a body may open another cursor before this one is closed.
        let name = "ledger_cursor_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try session.execute(PostgresQuery(unsafeSQL: "DECLARE \(name) NO SCROLL CURSOR FOR " + query.sql, binds: query.binds))
        defer { try? session.execute(PostgresQuery(unsafeSQL: "CLOSE \(name)")) }
        let fetch = PostgresQuery(unsafeSQL: "FETCH FORWARD \(sliceSize) FROM \(name)")
        while true {
            let slice = try session.rows(fetch, decode)
            for row in slice { try body(row) }
            if slice.count < sliceSize { return }
        }
    }
}

/// How a scan of every transfer in row id order is written on tables keyed by (tenant, id): one
/// ordered walk of the primary key per tenant, merged (`Merge Append`), so the server neither sorts
/// the journal nor needs an index on the id alone (the keys stay distributable by tenant).
enum TenantMerge {
    /// Above this many tenants one statement with `ORDER BY` is simpler for the planner than a
    /// union of that many walks (the server then sorts).
    static let maxArms = 64

    /// `arm(tenant)` for each tenant number (each a SELECT whose rows carry `id`, written with the
    /// tenant inlined as a number), each ordered by `id`, merged by `id`; `whole` when there are
    /// too many tenants (its own WHERE, no ORDER BY: this appends one).
    static func statement(tenants: [Int32], arm: (Int32) -> String, whole: String) -> String {
        guard !tenants.isEmpty, tenants.count <= maxArms else { return whole + " ORDER BY id" }
        let arms = tenants.map { "(\(arm($0)) ORDER BY id)" }
        return "SELECT * FROM (\n" + arms.joined(separator: "\nUNION ALL\n") + "\n) merged ORDER BY id"
    }

    /// The tenants' numbers, `tenantID`'s only when given.
    static func tenants(_ session: PostgresSession, tenantID: String? = nil) throws -> [Int32] {
        if let tenantID {
            return try session.rows("SELECT id FROM tenants WHERE tenant_id = \(tenantID) ORDER BY id") { try $0.decode(Int32.self) }
        }
        return try session.rows("SELECT id FROM tenants ORDER BY id") { try $0.decode(Int32.self) }
    }
}
