/// Stored entries copied out of their backend's row buffers into one block of memory, to hand to
/// another thread: a `StoredEntryLink` borrows its bytes only until the reader steps to the next
/// row, so `verify`'s chain recomputation, which runs beside the ledger checks' scan
/// (`HashChainCheck.Pass`), gets copies in blocks of a few thousand entries instead.
///
/// Three flat arrays, whatever the number of entries: the integers, the byte fields one after the
/// other, and each field's end offset (or absence). No `String` or array per entry.
public struct StoredEntryBlock: Sendable {
    /// Per entry: row id, tenant key, debit and credit account, amount, both legs' sequence and
    /// balance after, created at.
    private var integers: [Int64] = []
    private var bytes: [UInt8] = []
    /// Per entry and byte field (in `append`'s order): the offset in `bytes` where it ends, or -1 when absent.
    private var ends: [Int32] = []

    private static let integerCount = 10
    private static let fieldCount = 12

    /// An empty block with room for `entries` entries of `bytesPerEntry` bytes (arrays that never
    /// grow on the hot path: each growth is a copy, and a block's fresh pages are zeroed).
    public init(entries: Int = 0, bytesPerEntry: Int = 0) {
        integers.reserveCapacity(entries * StoredEntryBlock.integerCount)
        ends.reserveCapacity(entries * StoredEntryBlock.fieldCount)
        bytes.reserveCapacity(entries * bytesPerEntry)
    }

    /// Entries in the block.
    public var count: Int { integers.count / StoredEntryBlock.integerCount }

    /// Bytes the block holds (to hand a block over before it grows large).
    public var byteCount: Int { bytes.count }

    /// Copies `entry` in at the end.
    public mutating func append(_ entry: StoredEntryLink) {
        integers.append(entry.rowID)
        integers.append(entry.tenantKey)
        integers.append(entry.debitAccount)
        integers.append(entry.creditAccount)
        integers.append(entry.amount)
        integers.append(entry.debitSequence)
        integers.append(entry.debitBalanceAfter)
        integers.append(entry.creditSequence)
        integers.append(entry.creditBalanceAfter)
        integers.append(entry.createdAt)
        // In `withEntry`'s order.
        field(entry.entryType)
        field(entry.transferID)
        field(entry.debitRecordID)
        field(entry.creditRecordID)
        field(entry.idempotencyKey)
        field(entry.fingerprint)
        field(entry.description)
        field(entry.reason)
        field(entry.source)
        field(entry.referenceID)
        field(entry.sourceFile)
        field(entry.storedHash)
    }

    private mutating func field(_ value: UnsafeRawBufferPointer?) {
        guard let value else {
            ends.append(-1)
            return
        }
        bytes.append(contentsOf: value)
        // A block is handed over long before 2 GiB (`HashChainCheck.Pass`).
        ends.append(Int32(bytes.count))
    }

    /// Calls `body` with every entry in the order appended, its fields borrowed from the block.
    public func forEach(_ body: (StoredEntryLink) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { all in
            var start = 0
            for entry in 0..<count {
                let numbers = entry * StoredEntryBlock.integerCount, fields = entry * StoredEntryBlock.fieldCount
                // Each field starts where the last present one ended.
                func next(_ index: Int) -> UnsafeRawBufferPointer? {
                    let end = Int(ends[fields + index])
                    guard end >= 0 else { return nil }
                    defer { start = end }
                    return UnsafeRawBufferPointer(rebasing: all[start..<end])
                }
                let empty = UnsafeRawBufferPointer(start: nil, count: 0)
                let entryType = next(0) ?? empty, transferID = next(1) ?? empty, debitRecordID = next(2), creditRecordID = next(3)
                let idempotencyKey = next(4), fingerprint = next(5), description = next(6) ?? empty, reason = next(7) ?? empty
                let source = next(8) ?? empty, referenceID = next(9) ?? empty, sourceFile = next(10) ?? empty, storedHash = next(11)
                try body(StoredEntryLink(
                    rowID: integers[numbers], tenantKey: integers[numbers + 1], debitAccount: integers[numbers + 2],
                    creditAccount: integers[numbers + 3], entryType: entryType, transferID: transferID, debitRecordID: debitRecordID,
                    creditRecordID: creditRecordID, amount: integers[numbers + 4], debitSequence: integers[numbers + 5],
                    debitBalanceAfter: integers[numbers + 6], creditSequence: integers[numbers + 7],
                    creditBalanceAfter: integers[numbers + 8], createdAt: integers[numbers + 9], idempotencyKey: idempotencyKey,
                    fingerprint: fingerprint, description: description, reason: reason, source: source, referenceID: referenceID,
                    sourceFile: sourceFile, storedHash: storedHash))
            }
        }
    }
}
