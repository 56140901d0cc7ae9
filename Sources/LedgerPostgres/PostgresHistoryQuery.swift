import LedgerStorage
internal import PostgresNIO

/// The statement behind a page of a user's history on PostgreSQL (`transactions`, SPEC §4): one
/// walk per leg and account of `transfers_debit_history` / `transfers_credit_history`, newest
/// first, merged (`Merge Append`), then the page's offset and size. Each index ends with the id,
/// so the order `created_at DESC, sequence DESC, id DESC` is total (a listing's accounts are one
/// user's, and no transfer has that user on both legs): pages never overlap or skip,
/// and no arm is sorted or scanned beyond offset + size rows. `PostgresHistoryQueryTests` checks
/// the plan with EXPLAIN.
struct PostgresHistoryQuery {
    typealias Leg = HistoryRow.Leg

    /// One walk: a leg of one account, with the entry type the query's record type needs there, if any.
    struct Arm {
        var leg: Leg
        var account: Int64
        var entryType: String?
    }

    var tenant: Int32
    var arms: [Arm]
    var pageSize: Int
    var offset: Int

    /// One arm's WHERE clause (after `tenant = $1`), its values appended to `binds`.
    private static func condition(for arm: Arm, binding binds: inout PostgresBindings) -> String {
        binds.append(arm.account)
        var condition = "tenant = $1 AND \(arm.leg.column)_account = $\(binds.count)"
        if let entryType = arm.entryType {
            binds.append(entryType)
            condition += " AND entry_type = $\(binds.count)"
        }
        return condition
    }

    /// Rows (id, created_at, sequence, leg) of the page, newest first.
    var pageStatement: PostgresQuery {
        var binds = PostgresBindings()
        let sql = pageSQL(binding: &binds)
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// The page's SQL; `$1` is the tenant. Its values are appended to `binds`.
    private func pageSQL(binding binds: inout PostgresBindings) -> String {
        binds.append(tenant)
        binds.append(Int64(offset) + Int64(pageSize))
        var selects: [String] = []
        for arm in arms {
            let condition = Self.condition(for: arm, binding: &binds)
            selects.append("""
                (SELECT id, created_at, \(arm.leg.column)_sequence AS sequence, \(arm.leg.rawValue) AS leg FROM transfers
                 WHERE \(condition)
                 ORDER BY created_at DESC, \(arm.leg.column)_sequence DESC, id DESC LIMIT $2)
                """)
        }
        if selects.isEmpty { selects = ["(SELECT 0::bigint, 0::bigint, 0::bigint, 0 WHERE false)"] }
        binds.append(Int64(pageSize))
        let size = binds.count
        binds.append(Int64(offset))
        return """
            SELECT id, created_at, sequence, leg FROM (
            \(selects.joined(separator: "\nUNION ALL\n"))
            ) p ORDER BY created_at DESC, sequence DESC, id DESC LIMIT $\(size) OFFSET $\(binds.count)
            """
    }

    /// The page's records with what they show (`PostgresHistoryColumns.list`): only the page's
    /// rows are read and joined, each by its tenant-first key.
    var recordsStatement: PostgresQuery {
        var binds = PostgresBindings()
        let page = pageSQL(binding: &binds)
        let sql = """
            SELECT \(PostgresHistoryColumns.list)
            FROM (\(page)) p
            JOIN transfers t ON t.tenant = $1 AND t.id = p.id
            JOIN accounts d ON d.tenant = $1 AND d.id = t.debit_account JOIN accounts c ON c.tenant = $1 AND c.id = t.credit_account
            LEFT JOIN transfer_texts x ON x.tenant = $1 AND x.transfer = t.id
            LEFT JOIN transfer_legacy_ids l ON l.tenant = $1 AND l.transfer = t.id
            ORDER BY p.created_at DESC, p.sequence DESC, p.id DESC
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// How many records the arms hold: one index-only count per arm.
    var countStatement: PostgresQuery {
        var binds = PostgresBindings()
        binds.append(tenant)
        var counts: [String] = []
        for arm in arms {
            let condition = Self.condition(for: arm, binding: &binds)
            counts.append("(SELECT count(*) FROM transfers WHERE \(condition))")
        }
        return PostgresQuery(unsafeSQL: "SELECT " + (counts.isEmpty ? "0::bigint" : counts.joined(separator: " + ")), binds: binds)
    }

    /// `EXPLAIN` lines of both statements, to show they walk the history indexes.
    func plan(_ session: PostgresSession) throws -> [String] {
        try [countStatement, recordsStatement].flatMap { statement in
            try session.rows(PostgresQuery(unsafeSQL: "EXPLAIN " + statement.sql, binds: statement.binds)) {
                try $0.decode(String.self)
            }
        }
    }

    /// The page's rows: (transfer id, leg).
    func page(_ session: PostgresSession) throws -> [(id: Int64, leg: Leg)] {
        try session.rows(pageStatement) { row in
            let (id, _, _, leg) = try row.decode((Int64, Int64, Int64, Int32).self)
            return (id, leg == 0 ? .debit : .credit)
        }
    }

    func count(_ session: PostgresSession) throws -> Int64 {
        try session.rows(countStatement) { try $0.decode(Int64.self) }.first ?? 0
    }
}
