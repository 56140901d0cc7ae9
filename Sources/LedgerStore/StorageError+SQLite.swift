import GRDB
public import LedgerStorage

extension StorageError {
    /// SQLite's error as a `StorageError`, by its primary result code; nil for any other error.
    public init?(sqlite error: any Error) {
        guard let error = error as? DatabaseError else { return nil }
        let message = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB: self.init(.notADatabase, message: message)
        case .SQLITE_CORRUPT: self.init(.corrupt, message: error.message ?? "malformed")
        case .SQLITE_FULL: self.init(.full, message: message)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN: self.init(.notWritable, message: message)
        case .SQLITE_BUSY, .SQLITE_LOCKED: self.init(.locked, message: error.message ?? "busy")
        default: self.init(.other, message: error.message ?? error.description)
        }
    }

    /// Runs `body`, throwing SQLite's errors as `StorageError` (others as they are): so that no
    /// GRDB type leaves the backend.
    static func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StorageError(sqlite: error) ?? error
        }
    }
}
