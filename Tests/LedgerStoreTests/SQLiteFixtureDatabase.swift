import Foundation
import GRDB
import LedgerCore
import LedgerStorage
@testable import LedgerStore

/// An SQLite ledger file in a temporary directory of its own, for `LedgerFixture`.
final class SQLiteFixtureDatabase: FixtureDatabase {
    let directory: URL
    let store: LedgerStore
    let writeStore: any LedgerWriteStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try LedgerStore(path: directory.appendingPathComponent("ledger.sqlite").path)
        writeStore = SQLiteWriteStore(store)
    }

    var reader: any LedgerReading { SQLiteLedgerReader(store) }

    func makeWriteStore() throws -> any LedgerWriteStore { SQLiteWriteStore(store) }

    func makeReader() throws -> any LedgerReading { try SQLiteLedgerReader(path: store.path) }

    func record(_ review: BreakReview) throws {
        try store.queue.write { db in try SQLiteLedgerSnapshot(db).record(review) }
    }

    func recordCounts(_ counts: RunCounts, runID: String) throws {
        try store.queue.inDatabase { db in try RunHistory.recordCounts(counts, runID: runID, in: db) }
    }

    func tamper(_ sql: String) throws {
        try store.queue.inDatabase { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS transfers_append_only_update; DROP TRIGGER IF EXISTS transfer_texts_append_only_update")
            try db.execute(sql: sql)
        }
    }

    func execute(_ sql: String) throws {
        try store.queue.write { db in try db.execute(sql: sql) }
    }

    func bytes(_ expression: String) -> String { "CAST(\(expression) AS BLOB)" }

    func indexNames() throws -> Set<String> {
        Set(try strings("SELECT name FROM sqlite_master WHERE type = 'index'"))
    }

    func reopen() throws { _ = try LedgerStore(path: store.path) }

    func strings(_ sql: String) throws -> [String] {
        try store.queue.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                let value: DatabaseValue = row[0]
                switch value.storage {
                case .null: return ""
                case .int64(let number): return String(number)
                case .double(let number): return String(number)
                case .string(let text): return text
                case .blob(let data): return data.map { String(format: "%02x", $0) }.joined()
                }
            }
        }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
