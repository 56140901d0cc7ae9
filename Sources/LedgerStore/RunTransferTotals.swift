import GRDB
import LedgerCore

/// What the postings created by one run add up to per tenant and asset, for `input_accounted`:
/// the run's own count of applied transfers must equal what it actually wrote.
public struct RunTransferTotals: Hashable, Sendable {
    public var tenantID: String
    public var asset: Asset
    public var entries: Int
    /// Sum of the credit legs of the run's transfer entries: the amounts moved.
    public var amount: Int64

    /// Transfer entries whose postings have row ids above `watermark` (the run's own postings).
    public static func fetchAll(after watermark: Int64, in db: Database) throws -> [RunTransferTotals] {
        try Row.fetchAll(db, sql: """
            SELECT e.tenant_id, e.kind, e.asset, COUNT(DISTINCT e.id), SUM(p.amount)
            FROM postings p JOIN entries e ON e.id = p.entry_id
            WHERE p.id > ? AND e.entry_type = 'transfer' AND p.amount > 0
            GROUP BY e.tenant_id, e.kind, e.asset
            """, arguments: [watermark]).compactMap { row in
            guard let kind = AccountKind(rawValue: row[1]), let asset = Asset(kind: kind, code: row[2]) else { return nil }
            return RunTransferTotals(tenantID: row[0], asset: asset, entries: row[3], amount: row[4])
        }
    }
}
