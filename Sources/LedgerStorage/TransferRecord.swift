package import LedgerCore

/// One transfers row as the engine appends it (`LedgerWriteStore.appendTransfers`): an entry of
/// exactly two legs, sender (debit) → receiver (credit), with both legs' sequence and balance
/// after. Record ids are not stored: the transfer's id is its ULID (`trf_`/`opn_`), its two
/// records' ids the ULID + 1 and + 2, derived on reading.
package struct TransferRecord: Sendable {
    package enum EntryType: String, Sendable { case transfer, opening }

    package var tenantRowID: Int64
    package var entryType: EntryType
    /// Accounts, amount (positive, in minor units of the accounts' asset), and each leg's sequence and balance after.
    package var legs: TransferLegs
    /// UTC milliseconds.
    package var createdAt: Int64
    package var ulid: TransferULID
    /// Nil for opening entries.
    package var idempotencyKey: String?
    package var fingerprint: RequestDigest?
    package var runRowID: Int64
    /// This run's `input_files` row (transfers read from a file).
    package var inputFile: Int64?
    package var line: Int
    /// Stored only when not `isImplied(entryType:)`.
    package var texts: TransferTexts
    /// The entry's link hash in its tenant's chain (SPEC §7).
    package var chainHash: ChainHash

    package init(
        tenantRowID: Int64, entryType: EntryType, legs: TransferLegs, createdAt: Int64, ulid: TransferULID, idempotencyKey: String?, fingerprint: RequestDigest?, runRowID: Int64, inputFile: Int64?, line: Int,
        texts: TransferTexts, chainHash: ChainHash
    ) {
        self.tenantRowID = tenantRowID
        self.entryType = entryType
        self.legs = legs
        self.createdAt = createdAt
        self.ulid = ulid
        self.idempotencyKey = idempotencyKey
        self.fingerprint = fingerprint
        self.runRowID = runRowID
        self.inputFile = inputFile
        self.line = line
        self.texts = texts
        self.chainHash = chainHash
    }
}

/// A transfer's two legs: what it moved between which accounts (row ids), and where each leg left
/// its account (`LedgerWriteStore.scanLegsNewestFirst` returns them for a resumed run).
package struct TransferLegs: Sendable {
    package var debitAccount: Int64
    package var creditAccount: Int64
    package var amount: Int64
    package var debitSequence: Int64
    package var debitBalanceAfter: Int64
    package var creditSequence: Int64
    package var creditBalanceAfter: Int64

    package init(debitAccount: Int64, creditAccount: Int64, amount: Int64, debitSequence: Int64, debitBalanceAfter: Int64,
                 creditSequence: Int64, creditBalanceAfter: Int64) {
        self.debitAccount = debitAccount
        self.creditAccount = creditAccount
        self.amount = amount
        self.debitSequence = debitSequence
        self.debitBalanceAfter = debitBalanceAfter
        self.creditSequence = creditSequence
        self.creditBalanceAfter = creditBalanceAfter
    }
}
