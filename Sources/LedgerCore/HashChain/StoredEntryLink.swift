/// One stored entry (a transfer or an opening balance) as its backend holds it: the row's integers
/// and the chain link's texts and blobs as the stored bytes themselves, borrowed for one call.
///
/// `verify` reads every entry of the ledger (over a million at 1M transfers) and the chain hashes
/// each one: handing the stored bytes over (SQLite's column pointers, valid until the row is
/// stepped) lets the verifier encode the link into one reused buffer, with no `String` or array per
/// entry, and lets the ledger checks' scan and the chain share one read of the entries.
///
/// Texts are UTF-8 as stored. An absent optional is nil; an empty one is an empty buffer. The link
/// it stands for is the `EntryLink` with these fields (account identities come from the accounts).
public struct StoredEntryLink {
    /// The backend's id of the entry's row (ascending in the order written).
    public var rowID: Int64
    /// The row id of the entry's own tenant.
    public var tenantKey: Int64
    /// Account row ids of the two legs.
    public var debitAccount: Int64
    public var creditAccount: Int64
    /// `transfer` or `opening` (as stored, however wrong).
    public var entryType: UnsafeRawBufferPointer
    /// The id as the queries show it (`trf_…`, `opn_…`, or a migrated entry's own).
    public var transferID: UnsafeRawBufferPointer
    /// The legs' record ids where they are not derived from the transfer's (migrated entries).
    public var debitRecordID: UnsafeRawBufferPointer?
    public var creditRecordID: UnsafeRawBufferPointer?
    public var amount: Int64
    public var debitSequence: Int64
    public var debitBalanceAfter: Int64
    public var creditSequence: Int64
    public var creditBalanceAfter: Int64
    /// Milliseconds since the epoch (UTC).
    public var createdAt: Int64
    public var idempotencyKey: UnsafeRawBufferPointer?
    /// The request fingerprint's digest bytes.
    public var fingerprint: UnsafeRawBufferPointer?
    public var description: UnsafeRawBufferPointer
    public var reason: UnsafeRawBufferPointer
    public var source: UnsafeRawBufferPointer
    public var referenceID: UnsafeRawBufferPointer
    public var sourceFile: UnsafeRawBufferPointer
    /// The chain hash stored with the entry; nil when none.
    public var storedHash: UnsafeRawBufferPointer?

    public init(
        rowID: Int64, tenantKey: Int64, debitAccount: Int64, creditAccount: Int64, entryType: UnsafeRawBufferPointer,
        transferID: UnsafeRawBufferPointer, debitRecordID: UnsafeRawBufferPointer?, creditRecordID: UnsafeRawBufferPointer?,
        amount: Int64, debitSequence: Int64, debitBalanceAfter: Int64, creditSequence: Int64, creditBalanceAfter: Int64,
        createdAt: Int64, idempotencyKey: UnsafeRawBufferPointer?, fingerprint: UnsafeRawBufferPointer?,
        description: UnsafeRawBufferPointer, reason: UnsafeRawBufferPointer, source: UnsafeRawBufferPointer,
        referenceID: UnsafeRawBufferPointer, sourceFile: UnsafeRawBufferPointer, storedHash: UnsafeRawBufferPointer?
    ) {
        self.rowID = rowID
        self.tenantKey = tenantKey
        self.debitAccount = debitAccount
        self.creditAccount = creditAccount
        self.entryType = entryType
        self.transferID = transferID
        self.debitRecordID = debitRecordID
        self.creditRecordID = creditRecordID
        self.amount = amount
        self.debitSequence = debitSequence
        self.debitBalanceAfter = debitBalanceAfter
        self.creditSequence = creditSequence
        self.creditBalanceAfter = creditBalanceAfter
        self.createdAt = createdAt
        self.idempotencyKey = idempotencyKey
        self.fingerprint = fingerprint
        self.description = description
        self.reason = reason
        self.source = source
        self.referenceID = referenceID
        self.sourceFile = sourceFile
        self.storedHash = storedHash
    }

    /// An opening balance (entry type `opening`), else a transfer.
    public var isOpening: Bool { StoredEntryLink.equals(entryType, "opening") }

    /// A transfer between users (entry type `transfer`).
    public var isTransfer: Bool { StoredEntryLink.equals(entryType, "transfer") }

    /// The entry's id as text, to name it in a break (never on the per-entry path).
    public var transferIDText: String { String(decoding: transferID, as: UTF8.self) }

    /// Calls `body` with `entry`'s fields borrowed as stored bytes (a backend that reads entries as
    /// `ChainVerifier.Entry` values; this copies their texts once into one buffer).
    public static func withFields<Result>(
        of entry: ChainVerifier.Entry, _ body: (StoredEntryLink) throws -> Result
    ) rethrows -> Result {
        let link = entry.link
        let texts: [String?] = [
            link.entryType, link.transferID, link.debitRecordID, link.creditRecordID, link.idempotencyKey, link.description,
            link.reason, link.source, link.referenceID, link.sourceFile,
        ]
        var storage: [UInt8] = []
        var ranges: [Range<Int>?] = []
        for text in texts {
            guard let text else { ranges.append(nil); continue }
            let start = storage.count
            storage.append(contentsOf: text.utf8)
            ranges.append(start..<storage.count)
        }
        for bytes in [link.fingerprint, entry.storedHash] {
            guard let bytes else { ranges.append(nil); continue }
            let start = storage.count
            storage.append(contentsOf: bytes)
            ranges.append(start..<storage.count)
        }
        return try storage.withUnsafeBytes { buffer in
            func field(_ index: Int) -> UnsafeRawBufferPointer? {
                ranges[index].map { UnsafeRawBufferPointer(rebasing: buffer[$0]) }
            }
            let empty = UnsafeRawBufferPointer(start: nil, count: 0)
            return try body(StoredEntryLink(
                rowID: entry.rowID, tenantKey: entry.tenantKey, debitAccount: entry.debitAccount, creditAccount: entry.creditAccount,
                entryType: field(0) ?? empty, transferID: field(1) ?? empty, debitRecordID: field(2), creditRecordID: field(3),
                amount: link.amount, debitSequence: link.debitSequence, debitBalanceAfter: link.debitBalanceAfter,
                creditSequence: link.creditSequence, creditBalanceAfter: link.creditBalanceAfter, createdAt: link.createdAt,
                idempotencyKey: field(4), fingerprint: field(10), description: field(5) ?? empty, reason: field(6) ?? empty,
                source: field(7) ?? empty, referenceID: field(8) ?? empty, sourceFile: field(9) ?? empty, storedHash: field(11)))
        }
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && OpaqueID.equalBytes(bytes, UnsafeRawBufferPointer(start: text.utf8Start, count: bytes.count))
    }
}
