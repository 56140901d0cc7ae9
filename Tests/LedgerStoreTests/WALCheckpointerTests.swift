import Foundation
import GRDB
import LedgerCore
import LedgerStorage
import Testing
@testable import LedgerStore

/// The run's checkpoints beside the writer (`WALCheckpointer`): batches commit while another
/// connection copies the log into the file, the log starts again from its beginning once it is
/// long (so it stays bounded through a long run), a reader that holds an old snapshot only delays
/// that, and the run's final merge empties the log and gives SQLite its own checkpoints back.
struct WALCheckpointerTests {
    /// Small thresholds, so that a few batches cross them.
    static let thresholds = WALCheckpointer.Thresholds(checkpointPages: 4, restartPages: 24)

    @Test func batchesAreCheckpointedBesideTheWriterAndTheLogStartsAgain() throws {
        let (ledger, writeStore) = try Self.ledger()
        let restartsBefore = try Self.logRestarts(ledger)
        var largestLog = 0
        for batch in 0..<30 {
            try Self.applyBatch(batch, to: ledger)
            largestLog = max(largestLog, try Self.logBytes(ledger))
        }
        // The log's header counts its restarts (its checkpoint sequence number).
        #expect(try Self.logRestarts(ledger) >= restartsBefore + 3)
        // Never the whole run's pages: the restart threshold and about a batch, never 30 batches.
        let pageBytes = 4_096 + 24
        #expect(largestLog < (Self.thresholds.restartPages + 120) * pageBytes, "the log reached \(largestLog) bytes")
        #expect(try ledger.violations().isEmpty)
        #expect(try Self.transfers(ledger) == 200 + 30 * 50)
        let structure = try ledger.store.queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        #expect(structure == ["ok"])

        writeStore.mergeWriteAheadLog()
        #expect(try Self.logBytes(ledger) == 0)
        // SQLite checkpoints by itself again: later batches commit as before.
        try Self.applyBatch(30, to: ledger)
        #expect(try ledger.violations().isEmpty)
    }

    @Test func aReaderHoldingAnOldSnapshotOnlyDelaysTheRestart() throws {
        let (ledger, _) = try Self.ledger()
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let reader = try DatabaseQueue(path: ledger.store.path, configuration: configuration)
        try reader.inDatabase { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transfers")
        }
        // (Its snapshot may read the file alone, which the first restart below leaves in place.)
        try Self.applyBatch(0, to: ledger)
        let restartsBefore = try Self.logRestarts(ledger), bytesBefore = try Self.logBytes(ledger)
        for batch in 1..<10 { try Self.applyBatch(batch, to: ledger) }
        // The reader's snapshot keeps the log's pages: no restart, the log grows, every batch committed.
        #expect(try Self.logRestarts(ledger) == restartsBefore)
        #expect(try Self.logBytes(ledger) > bytesBefore)
        #expect(try Self.transfers(ledger) == 200 + 10 * 50)
        try reader.inDatabase { db in try db.execute(sql: "COMMIT") }
        for batch in 10..<20 { try Self.applyBatch(batch, to: ledger) }
        #expect(try Self.logRestarts(ledger) > restartsBefore)
        #expect(try ledger.violations().isEmpty)
    }

    /// A ledger whose write store checkpoints with `thresholds`, with 200 funded wallets.
    static func ledger() throws -> (LedgerFixture, SQLiteWriteStore) {
        let database = try SQLiteFixtureDatabase()
        let writeStore = try #require(database.writeStore as? SQLiteWriteStore)
        writeStore.checkpointThresholds = thresholds
        let ledger = try LedgerFixture(database: database, tenants: LedgerFixture.defaultTenants)
        try ledger.engine.open((0..<200).map { ledger.wallet("t1", "u\($0)", 1_000_000) })
        return (ledger, writeStore)
    }

    /// One batch (one transaction) of 50 transfers between the funded wallets, all applied.
    static func applyBatch(_ batch: Int, to ledger: LedgerFixture) throws {
        let rows = (0..<50).map { row in
            walletRow("u\(row)", "u\((row + batch + 1) % 200)", "1.00", key: "batch-\(batch)-\(row)", line: row + 2)
        }
        let outcomes = try ledger.apply(rows)
        #expect(outcomes.allSatisfy { if case .applied = $0 { true } else { false } }, "batch \(batch): \(outcomes)")
    }

    /// Transfers in the ledger (200 openings and the batches'), read on a connection of its own.
    static func transfers(_ ledger: LedgerFixture) throws -> Int {
        try DatabaseQueue(path: ledger.store.path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transfers") ?? 0 }
    }

    static func logBytes(_ ledger: LedgerFixture) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: ledger.store.path + "-wal")
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The log header's checkpoint sequence number (bytes 12–15, big-endian): SQLite adds one each
    /// time the log starts again from its beginning.
    static func logRestarts(_ ledger: LedgerFixture) throws -> UInt32 {
        let header = try Data(contentsOf: URL(fileURLWithPath: ledger.store.path + "-wal")).prefix(16)
        guard header.count == 16 else { return 0 }
        return header.suffix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
