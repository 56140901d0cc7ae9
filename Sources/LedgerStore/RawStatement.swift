import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement driven through the raw `sqlite3_*` API, for the per-row hot loop only.
///
/// GRDB's `Statement` builds a `StatementArguments` array per execution; at millions of rows that
/// allocation dominated. Everything else in the store goes through GRDB.
final class RawStatement {
    let handle: OpaquePointer
    private let connection: OpaquePointer
    let sql: String

    /// Copies bound text and blobs into SQLite (the C macro SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(message: "database is closed") }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds integers to consecutive parameters, the first at `first`.
    func bind(_ values: Int64..., from first: Int32) {
        for (offset, value) in values.enumerated() { sqlite3_bind_int64(handle, first + Int32(offset), value) }
    }

    func bind(_ index: Int32, _ value: String) {
        var text = value
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                // A NULL pointer would bind SQL NULL; an empty text needs a real (static) pointer.
                _ = sqlite3_bind_text(handle, index, "", 0, nil)
                return
            }
            _ = UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                sqlite3_bind_text(handle, index, chars, Int32(buffer.count), RawStatement.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds bytes the caller holds only for the call (copied into SQLite, as every blob here).
    func bind(_ index: Int32, bytes: UnsafeRawBufferPointer) {
        _ = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), RawStatement.transient)
    }

    func bind(_ index: Int32, blob: [UInt8]) {
        blob.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), RawStatement.transient)
        }
    }

    /// Runs a statement that returns no rows.
    func execute() throws {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// The row id of the last INSERT on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// Whether the connection has a transaction open.
    var connectionIsInsideTransaction: Bool { sqlite3_get_autocommit(connection) == 0 }

    /// Rows the last INSERT, UPDATE or DELETE on this connection changed.
    var changes: Int { Int(sqlite3_changes(connection)) }

    /// Steps a query; calls `row` for each result row while the statement is positioned on it.
    func query(_ row: (RawStatement) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code) }
            try row(self)
        }
    }

    /// Steps once: true when positioned on a row, false when done (call `reset()` then).
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else { throw error(code) }
        return false
    }

    func reset() { sqlite3_reset(handle) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Whether a text column holds exactly `expected`'s bytes, without making a String (hot loops).
    func text(_ column: Int32, is expected: StaticString) -> Bool {
        guard let text = sqlite3_column_text(handle, column) else { return false }
        let count = Int(sqlite3_column_bytes(handle, column))
        return count == expected.utf8CodeUnitCount && memcmp(text, expected.utf8Start, count) == 0
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count).bindMemory(to: UInt8.self))
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}
