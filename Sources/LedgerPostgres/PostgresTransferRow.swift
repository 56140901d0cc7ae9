/// One `transfers` row with its texts, as a batch writes it (`PostgresBatchWriter`): the columns of
/// `PostgresSchema`'s `transfers`, in its order (SQLite schema v4's `transfers` plus the tenant).
struct PostgresTransferRow: Sendable, Equatable {
    var tenant: Int32
    var id: Int64
    var entryType: String
    var debitAccount: Int64
    var creditAccount: Int64
    var amount: Int64
    var debitSequence: Int64
    var debitBalanceAfter: Int64
    var creditSequence: Int64
    var creditBalanceAfter: Int64
    var createdAt: Int64
    var ulid: [UInt8]
    var idempotencyKey: String?
    var fingerprint: [UInt8]?
    var run: Int64
    var inputFile: Int64?
    var line: Int64
    /// The entry's link hash in its tenant's chain (SPEC §7 "Tamper evidence"), computed by the engine.
    var chainHash: [UInt8]?
    /// description, reason, source, reference_id, source_file; nil when all are implied (no
    /// `transfer_texts` row, as in SQLite).
    var texts: Texts?

    struct Texts: Sendable, Equatable {
        var description = ""
        var reason = ""
        var source = ""
        var referenceID = ""
        var sourceFile = ""
    }

    static let columns = [
        "tenant", "id", "entry_type", "debit_account", "credit_account", "amount", "debit_sequence",
        "debit_balance_after", "credit_sequence", "credit_balance_after", "created_at", "ulid", "idempotency_key",
        "fingerprint", "run", "input_file", "line", "chain_hash",
    ]
    static let textColumns = ["tenant", "transfer", "description", "reason", "source", "reference_id", "source_file"]

    func encode(into encoder: inout CopyTextEncoder) {
        encoder.int(Int64(tenant))
        encoder.int(id)
        encoder.text(entryType)
        encoder.int(debitAccount)
        encoder.int(creditAccount)
        encoder.int(amount)
        encoder.int(debitSequence)
        encoder.int(debitBalanceAfter)
        encoder.int(creditSequence)
        encoder.int(creditBalanceAfter)
        encoder.int(createdAt)
        encoder.bytes(ulid)
        encoder.text(idempotencyKey)
        encoder.bytes(fingerprint)
        encoder.int(run)
        encoder.int(inputFile)
        encoder.int(line)
        encoder.bytes(chainHash)
        encoder.endRow()
    }

    func encodeTexts(into encoder: inout CopyTextEncoder) {
        guard let texts else { return }
        encoder.int(Int64(tenant))
        encoder.int(id)
        encoder.text(texts.description)
        encoder.text(texts.reason)
        encoder.text(texts.source)
        encoder.text(texts.referenceID)
        encoder.text(texts.sourceFile)
        encoder.endRow()
    }
}
