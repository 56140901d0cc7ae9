package import LedgerCore

/// One idempotency key to look up (`LedgerWriteStore.lookUpKeys`): the tenant's row id and id,
/// the key, and the digest of the request's fingerprint to compare with the stored one.
package struct KeyProbe: Sendable {
    package var tenantRowID: Int64
    /// The tenant's id, for the fingerprint of a `.different` answer.
    package var tenantID: String
    package var key: String
    package var digest: RequestDigest

    package init(tenantRowID: Int64, tenantID: String, key: String, digest: RequestDigest) {
        self.tenantRowID = tenantRowID
        self.tenantID = tenantID
        self.key = key
        self.digest = digest
    }
}

/// What the ledger holds under a key.
package enum KeyLookup: Sendable {
    case none
    /// A transfer with the same fingerprint: its id and where its request came from.
    case same(transferID: String, origin: EntryOrigin)
    /// A transfer with another fingerprint: what it was (boxed: a batch holds one answer per row,
    /// and conflicts are rare).
    indirect case different(PriorTransfer)
}

/// Where an entry's request came from: its file in this ledger's `input_files` (nil for entries
/// written before files were recorded, or from no file) and the line.
package struct EntryOrigin: Hashable, Sendable {
    package var inputFile: Int64?
    package var line: Int

    package init(inputFile: Int64?, line: Int) {
        self.inputFile = inputFile
        self.line = line
    }
}

/// A transfer already recorded: its id, content and where it came from (the file's path as
/// recorded, else the request's own file name).
package struct PriorTransfer: Sendable {
    package var transferID: String
    package var fingerprint: RequestFingerprint
    package var origin: RowOrigin
    package var runID: String

    package init(transferID: String, fingerprint: RequestFingerprint, origin: RowOrigin, runID: String) {
        self.transferID = transferID
        self.fingerprint = fingerprint
        self.origin = origin
        self.runID = runID
    }
}

/// A stored keyless transfer a new keyless request looks like (SPEC §2 "Keyless look-alikes").
package struct LookAlike: Sendable {
    package var transferID: String
    /// Its file (as recorded, else the request's own file name) and line.
    package var origin: RowOrigin

    package init(transferID: String, origin: RowOrigin) {
        self.transferID = transferID
        self.origin = origin
    }
}
