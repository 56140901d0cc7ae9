import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// The ledger's SQLite database (SPEC §2, §6): opened in WAL mode and migrated on open.
///
/// A run creates the file itself, owner-only, before opening it here (`--create-db`, SPEC §4, §6);
/// SQLite gives the -wal and -shm files the database file's permissions.
///
/// WAL with `synchronous = NORMAL`: a committed batch survives a killed process (kill -9), and a
/// power loss can lose at most the last commits, which a re-run re-applies exactly once.
public final class LedgerStore {
    public let path: String
    let queue: DatabaseQueue

    /// Opens (creating if needed) and migrates the database at `path`.
    /// - Parameter upgrades: false for a writer that must leave nothing durable (a dry run): a
    ///   ledger of the previous schema is then refused like a read-only open, not upgraded.
    /// - Throws: `DatabaseError` when the file cannot be opened or is not a ledger database;
    ///   `LedgerStoreError` when it needs an upgrade that this open may not make, or one that did not verify.
    public init(path: String, readOnly: Bool = false, upgrades: Bool = true) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(5)
        // A dry run's outer transaction spans many calls of the write store (`SQLiteWriteStore.beginDryRun`).
        configuration.allowsUnsafeTransactions = !readOnly
        configuration.prepareDatabase { db in
            if !readOnly {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            // 8 MiB of page cache: at 1M transfers the run took as long as with 32 MiB (39.4–40.5 s against
            // 39.2–40.2 s, two runs each) and peaked 26 MB lower (236 MB against 262 MB).
            try db.execute(sql: "PRAGMA cache_size = -8192")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        // Never turn another program's database into a ledger, and never let a read-only command
        // report on a file that holds no ledger.
        // A ledger is a file with at least one of our migrations applied: a run killed while it
        // created the ledger (only the empty migrations table committed) or while it upgraded one
        // (some migrations applied) is opened and migrated on, never refused.
        let (hasTables, isLedger) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name != 'grdb_migrations'") ?? 0 > 0,
             try !LedgerSchema.migrator.appliedIdentifiers(db).isEmpty)
        }
        guard isLedger || (!readOnly && !hasTables) else { throw LedgerStoreError.notALedger(path: path) }
        // A newer release's columns or tables would be misread here (say, texts read from where
        // it no longer writes them, which `verify` would report as a broken hash chain).
        if try queue.read({ db in try LedgerSchema.migrator.hasBeenSuperseded(db) }) {
            throw LedgerStoreError.writtenByLaterRelease(path: path)
        }
        if readOnly {
            let current = try queue.read { db in try LedgerSchema.migrator.hasCompletedMigrations(db) }
            guard current else { throw LedgerStoreError.needsUpgrade(path: path) }
        } else {
            // A dry run leaves nothing durable, a schema upgrade included (a file being created is
            // no ledger yet: its schema is made as a run would make it).
            if !upgrades, isLedger, !(try queue.read { db in try LedgerSchema.migrator.hasCompletedMigrations(db) }) {
                throw LedgerStoreError.needsUpgrade(path: path)
            }
            try upgrade()
            // A bulk import killed while its history indexes were suspended left them out: build them again.
            try queue.write { db in try db.execute(sql: LedgerSchema.historyIndexesSQL) }
        }
    }

    /// Where the copy of a ledger written by the previous schema stays until its upgrade has verified.
    public var upgradeBackupPath: String { path + ".v2-backup" }

    /// Migrates the ledger to the current schema. Upgrading a v2 ledger (entries + postings) to
    /// the compact v3 schema first copies it beside itself (`VACUUM INTO <db>.v2-backup`,
    /// owner-only), migrates in one transaction, then runs every check over all history: the copy
    /// is removed only when they pass. While a copy is there, every writing open checks again, and
    /// refuses while any check fails (`LedgerStoreError.upgradeNotVerified`).
    private func upgrade() throws {
        let applied = try queue.read { db in try LedgerSchema.migrator.appliedIdentifiers(db) }
        let fromV2 = applied.contains("v2 decided inputs") && !applied.contains(LedgerSchema.compactTransfersMigration)
        let manager = FileManager.default
        if fromV2 {
            // A copy left by an upgrade that was rolled back is of these same bytes: made afresh.
            try? manager.removeItem(atPath: upgradeBackupPath)
            guard manager.createFile(atPath: upgradeBackupPath, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw LedgerStoreError.backupFailed(path: upgradeBackupPath)
            }
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [upgradeBackupPath])
            }
        }
        try LedgerSchema.migrator.migrate(queue)
        guard manager.fileExists(atPath: upgradeBackupPath) else { return }
        let violations = try queue.read { db in
            let checks = try LedgerChecks(full: db)
            return try CheckName.ledgerChecks.reduce(0) { $0 + (try checks.run($1)).count }
        }
        guard violations == 0 else {
            throw LedgerStoreError.upgradeNotVerified(path: path, backup: upgradeBackupPath, violations: violations)
        }
        try manager.removeItem(atPath: upgradeBackupPath)
    }

    /// Most problems the storage check reports before giving up.
    public static let integrityProblemLimit = 100

    /// SQLite's own check of the whole file (SPEC §6 `storage_integrity`) and that every index
    /// holds exactly its table's rows (`StorageIntegrity`). Each problem it finds, or none; a file
    /// too damaged to check at all is one problem naming the error. It reads the file on a
    /// connection of its own, so `verify` runs it on the second core while the ledger checks scan
    /// on the first.
    public func integrityProblems() -> [String] { Self.integrityProblems(path: path) }

    /// `integrityProblems()` of the ledger file at `path` (callable from any thread).
    public static func integrityProblems(path: String) -> [String] {
        StorageIntegrity.problems(path: path, limit: integrityProblemLimit)
    }
}
