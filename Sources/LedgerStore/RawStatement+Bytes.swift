import GRDBSQLite

/// Column values as SQLite's own bytes, for loops that hand them on without copying (`verify`'s
/// read of every entry). Each buffer is valid only until the statement steps again or the column
/// is read as another type.
extension RawStatement {
    /// A text column's UTF-8 bytes (empty for NULL).
    func textBytes(_ column: Int32) -> UnsafeRawBufferPointer {
        // Text first, then its length: SQLite's documented order for a value that may convert.
        guard let text = sqlite3_column_text(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// A text column's UTF-8 bytes, nil for NULL.
    func optionalTextBytes(_ column: Int32) -> UnsafeRawBufferPointer? {
        isNull(column) ? nil : textBytes(column)
    }

    /// A blob column's bytes, nil for NULL (an empty blob is an empty buffer).
    func optionalBlobBytes(_ column: Int32) -> UnsafeRawBufferPointer? {
        guard !isNull(column) else { return nil }
        guard let blob = sqlite3_column_blob(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
