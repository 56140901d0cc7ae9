/// A journal entry (a transfer or an opening balance) as a chain link: everything the ledger shows
/// of it — ids, both accounts, the amount, both legs' place in their accounts' histories, time,
/// key, fingerprint and texts.
public struct EntryLink: Hashable, Sendable {
    /// `transfer` or `opening`.
    public var entryType: String
    /// The id as the queries show it (`trf_…`, `opn_…`, or a migrated entry's own).
    public var transferID: String
    /// The legs' record ids when they are not the ones the queries derive from the transfer id
    /// (the next two ULIDs): only entries migrated from release 0.7.0 have such ids. Nil means
    /// derived, so the hot loop need not spell them out; a derived id cannot be edited apart from
    /// the transfer id it is derived from.
    public var debitRecordID: String?
    public var creditRecordID: String?
    public var debit: ChainAccountIdentity
    public var credit: ChainAccountIdentity
    /// Minor units (or points), positive.
    public var amount: Int64
    public var debitSequence: Int64
    public var debitBalanceAfter: Int64
    public var creditSequence: Int64
    public var creditBalanceAfter: Int64
    /// Milliseconds since the epoch (UTC): the records' created_at.
    public var createdAt: Int64
    public var idempotencyKey: String?
    /// The request fingerprint's digest bytes.
    public var fingerprint: [UInt8]?
    public var description: String
    public var reason: String
    public var source: String
    public var referenceID: String
    /// The file a request came from when it is not a recorded input file (library use), else empty.
    public var sourceFile: String

    public init(
        entryType: String, transferID: String, debitRecordID: String?, creditRecordID: String?, debit: ChainAccountIdentity,
        credit: ChainAccountIdentity, amount: Int64, debitSequence: Int64, debitBalanceAfter: Int64, creditSequence: Int64,
        creditBalanceAfter: Int64, createdAt: Int64, idempotencyKey: String?, fingerprint: [UInt8]?, description: String,
        reason: String, source: String, referenceID: String, sourceFile: String
    ) {
        self.entryType = entryType
        self.transferID = transferID
        self.debitRecordID = debitRecordID
        self.creditRecordID = creditRecordID
        self.debit = debit
        self.credit = credit
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
    }

    func encode(into encoder: inout ChainLinkEncoder) {
        encoder.append(entryType)
        encoder.append(transferID)
        encoder.append(optional: debitRecordID)
        encoder.append(optional: creditRecordID)
        debit.encode(into: &encoder)
        credit.encode(into: &encoder)
        encoder.append(amount)
        encoder.append(debitSequence)
        encoder.append(debitBalanceAfter)
        encoder.append(creditSequence)
        encoder.append(creditBalanceAfter)
        encoder.append(createdAt)
        encoder.append(optional: idempotencyKey)
        encoder.append(optionalBytes: fingerprint)
        encoder.append(description)
        encoder.append(reason)
        encoder.append(source)
        encoder.append(referenceID)
        encoder.append(sourceFile)
    }
}
