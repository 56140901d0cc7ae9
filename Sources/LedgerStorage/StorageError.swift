/// Why the ledger's database could not be used, as any backend says it: what the command tells
/// the operator, and which exit code it ends with, depend on `kind` alone (`JobFailure`).
public struct StorageError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The file or database is not a database of this kind at all.
        case notADatabase
        /// The storage is damaged (`verify` and a backup are the way out).
        case corrupt
        /// Another program holds a lock on it.
        case locked
        /// No space left where the ledger is kept.
        case full
        /// Not allowed to open or write it (permissions, a read-only file or role).
        case notWritable
        /// The database server cannot be reached (a network backend).
        case unreachable
        /// Anything else the database reported.
        case other
    }

    public var kind: Kind
    /// The database's own one-line message (e.g. SQLite's "database disk image is malformed").
    public var message: String

    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    public var description: String { message }

    /// One line for the operator: what happened to the ledger `database` and what to do.
    public func describe(database: String) -> String {
        switch kind {
        case .notADatabase: "\(database) is not a database ledger-recon can read (\(message)): check --db / LEDGER_RECON_DB"
        case .full: "the disk holding the ledger \(database) is full: free space"
        case .corrupt: "the ledger \(database) is damaged (\(message)): run `ledger-recon verify` and restore it from a backup"
        case .notWritable: "cannot write the ledger \(database) (\(message)): check the permissions of the file and its directory"
        case .locked: "the ledger \(database) is locked by another program (\(message)): stop it"
        case .unreachable: "cannot reach the ledger database \(database) (\(message)): check that the server is up and --db"
        case .other: "database error on \(database): \(message)"
        }
    }
}
