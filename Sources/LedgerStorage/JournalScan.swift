import LedgerCore

/// The read behind `ledger-recon export` (SPEC §4, §7): tenants, accounts and every journal entry,
/// as value types, from one consistent snapshot of the ledger.
///
/// The backend does the reading (`LedgerSnapshot.journalTenants`, `journalAccounts`,
/// `forEachJournalEntry`), so the export never names a table. Entries are streamed in the order
/// they were written (a 1M-transfer ledger exports in flat memory); tenants and accounts are read
/// whole, as memory grows with accounts anyway (SPEC §6).
public struct JournalScan {
    /// The tenants exported, sorted by id (bytes).
    public let tenants: [JournalTenant]
    /// The accounts exported, user and system, sorted by key (`AccountKey`: tenant, kind, asset, user).
    public let accounts: [JournalAccount]
    private let snapshot: any LedgerSnapshot
    private let tenantID: String?

    /// Reads the ledger of `reader` on one snapshot and hands the scan to `body`; `tenantID`
    /// limits everything to one tenant (nil: all).
    /// - Throws: `JournalScanError.unknownTenant` when `tenantID` names no tenant,
    ///   `JournalScanError.unreadable` for a row the export cannot represent, `StorageError`.
    public static func read<T>(_ reader: any LedgerReading, tenantID: String?, _ body: (JournalScan) throws -> T) throws -> T {
        try reader.read { snapshot in
            let scan = try JournalScan(snapshot, tenantID: tenantID)
            if let tenantID, !scan.tenants.contains(where: { OpaqueID.sameBytes($0.tenantID, tenantID) }) {
                throw JournalScanError.unknownTenant(tenantID)
            }
            return try body(scan)
        }
    }

    private init(_ snapshot: any LedgerSnapshot, tenantID: String?) throws {
        self.snapshot = snapshot
        self.tenantID = tenantID
        tenants = try snapshot.journalTenants(tenantID: tenantID)
        accounts = try snapshot.journalAccounts(tenantID: tenantID)
    }

    /// Calls `body` for every entry, in the order they were written: memory stays flat whatever
    /// the number of entries.
    public func forEachEntry(_ body: (JournalEntry) throws -> Void) throws {
        try snapshot.forEachJournalEntry(tenantID: tenantID, body)
    }
}

/// Why the ledger cannot be exported; each a one-line message saying what to do.
public enum JournalScanError: Error, CustomStringConvertible {
    case unknownTenant(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .unknownTenant(let tenantID):
            "tenant '\(tenantID)' not found in the ledger; `ledger-recon accounts --tenant T` lists a tenant's accounts"
        case .unreadable(let detail):
            "the ledger holds a row the export cannot write: \(detail); run `ledger-recon verify` to check the ledger"
        }
    }
}
