import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// Schema v4 "hash chain" (SPEC §7 "Tamper evidence"): every change of a tenant's ledger state is
/// a link of the tenant's SHA-256 chain, and this migration gives a ledger written before it
/// (0.8.0, or 0.7.0 upgraded through v3) its chains.
///
/// - `transfers.chain_hash`: an entry's link hash. An entry takes its tenant's next free link
///   number, so its number is not stored (it would cost every transfer a column).
/// - `accounts.chain_link`, `accounts.chain_hash`: an account opening's link number and hash.
/// - `tenant_changes`: one append-only row per tenant settings change (creation included), with
///   its link number and hash; `tenants` keeps the current settings, which the chain must imply.
/// - `chain_heads`: each tenant's head (links, hash) — where the writer continues; `verify`
///   checks it is the chain's end.
/// - `runs.heads_before`, `runs.heads_after`: every tenant's head before and after each run.
///
/// An existing ledger's history has no record of the order its tenants, accounts and entries were
/// interleaved in, so each tenant's chain is built in one fixed order: its settings as they are
/// now, its accounts by row, then its entries by row. From then on links follow the order written.
enum HashChainMigration {
    static let identifier = "v4 hash chain"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE transfers ADD COLUMN chain_hash BLOB;
            ALTER TABLE accounts ADD COLUMN chain_link INTEGER;
            ALTER TABLE accounts ADD COLUMN chain_hash BLOB;
            CREATE TABLE tenant_changes (
                id INTEGER PRIMARY KEY,
                tenant INTEGER NOT NULL,
                chain_link INTEGER NOT NULL,
                name TEXT NOT NULL,
                transfer_enabled INTEGER NOT NULL,
                points_type TEXT NOT NULL,
                exchange_rate INTEGER NOT NULL,
                currency TEXT NOT NULL,
                changed_at INTEGER NOT NULL,
                chain_hash BLOB NOT NULL
            );
            CREATE INDEX tenant_changes_by_tenant ON tenant_changes(tenant, chain_link);
            CREATE TABLE chain_heads (
                tenant INTEGER PRIMARY KEY,
                links INTEGER NOT NULL,
                hash BLOB NOT NULL
            );
            ALTER TABLE runs ADD COLUMN heads_before TEXT;
            ALTER TABLE runs ADD COLUMN heads_after TEXT;
            """)
        try buildChains(db)
        try db.execute(sql: """
            CREATE TRIGGER tenant_changes_append_only_update BEFORE UPDATE ON tenant_changes
                BEGIN SELECT RAISE(ABORT, 'tenant changes are append-only'); END;
            CREATE TRIGGER tenant_changes_append_only_delete BEFORE DELETE ON tenant_changes
                BEGIN SELECT RAISE(ABORT, 'tenant changes are append-only'); END;
            """)
    }

    /// Links every tenant's settings, accounts and entries, in that order, and writes their hashes
    /// and the heads. The transfers' append-only triggers are lifted only for this one column.
    private static func buildChains(_ db: Database) throws {
        let rows = try LedgerChainRows(db)
        var heads = ChainHeads()
        var tenantIDs: [Int64: String] = [:]
        for tenant in rows.tenants {
            tenantIDs[tenant.key] = tenant.tenantID
            let head = heads.append(.tenantSettings(tenant.settings), tenantID: tenant.tenantID)
            try db.execute(sql: """
                INSERT INTO tenant_changes (tenant, chain_link, name, transfer_enabled, points_type, exchange_rate, currency,
                                            changed_at, chain_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [tenant.key, head.links, tenant.settings.name, tenant.settings.transferEnabled,
                                 tenant.settings.pointsType, tenant.settings.exchangeRate, tenant.settings.currency,
                                 tenant.settings.changedAt, Data(head.hash.bytes)])
        }
        let updateAccount = try RawStatement(db, sql: "UPDATE accounts SET chain_link = ?, chain_hash = ? WHERE id = ?")
        var identities: [Int64: ChainAccountIdentity] = [:]
        for account in rows.accounts {
            identities[account.rowID] = account.link.identity
            // Every account's tenant exists: the v3 migration made a row for each.
            guard let tenantID = tenantIDs[account.tenantKey] else { continue }
            let head = heads.append(.accountOpening(account.link), tenantID: tenantID)
            updateAccount.bind(1, head.links)
            updateAccount.bind(2, blob: head.hash.bytes)
            updateAccount.bind(3, account.rowID)
            try updateAccount.execute()
        }
        // Hashes first, updates after: SQLite does not define what a read sees of rows updated under it.
        var entryRows: [Int64] = [], entryHashes: [UInt8] = []
        try rows.entries(db) { entry in
            guard let tenantID = tenantIDs[entry.tenantKey], let debit = identities[entry.debitAccount],
                  let credit = identities[entry.creditAccount] else { return }
            var link = entry.link
            link.debit = debit
            link.credit = credit
            entryRows.append(entry.rowID)
            entryHashes.append(contentsOf: heads.append(.entry(link), tenantID: tenantID).hash.bytes)
        }
        try db.execute(sql: "DROP TRIGGER transfers_append_only_update")
        let updateTransfer = try RawStatement(db, sql: "UPDATE transfers SET chain_hash = ? WHERE id = ?")
        for (index, rowID) in entryRows.enumerated() {
            updateTransfer.bind(1, blob: Array(entryHashes[index * 32 ..< index * 32 + 32]))
            updateTransfer.bind(2, rowID)
            try updateTransfer.execute()
        }
        try db.execute(sql: """
            CREATE TRIGGER transfers_append_only_update BEFORE UPDATE ON transfers
                BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END
            """)
        for tenant in rows.tenants {
            guard let head = heads[tenant.tenantID] else { continue }
            try db.execute(sql: "INSERT INTO chain_heads (tenant, links, hash) VALUES (?, ?, ?)",
                           arguments: [tenant.key, head.links, Data(head.hash.bytes)])
        }
    }
}
