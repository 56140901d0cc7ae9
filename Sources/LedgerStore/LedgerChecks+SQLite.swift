import GRDB
import LedgerStorage

extension LedgerChecks {
    /// Every check of all history on the connection `db` (a ledger just migrated, in its upgrade).
    init(full db: Database) throws {
        try self.init(full: SQLiteLedgerSnapshot(db))
    }
}
