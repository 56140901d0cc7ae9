import GRDB
import GRDBSQLite

/// How an account's posted debit or credit total is stored: exact at any size (SPEC §6), compact
/// while it is small. The columns have no declared type, so SQLite keeps what is bound: an
/// INTEGER while the total fits in 64 bits (every total for a long time: one varint, no text to
/// format in each batch's account writes), its decimal TEXT beyond.
enum WideTotal {
    /// The stored value, or nil when it is neither (a hand-edited file: the checks report it).
    static func read(_ value: DatabaseValue) -> Int128? {
        switch value.storage {
        case .int64(let small): Int128(small)
        case .string(let text): Int128(text)
        default: nil
        }
    }
}

extension RawStatement {
    /// A stored total (`WideTotal`), or nil when it is neither an integer nor a decimal text.
    func wide(_ column: Int32) -> Int128? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: Int128(int64(column))
        case SQLITE_TEXT: Int128(string(column))
        default: nil
        }
    }

    func bind(_ index: Int32, wide value: Int128) {
        if let small = Int64(exactly: value) { bind(index, small) } else { bind(index, String(value)) }
    }
}
