internal import PostgresNIO

/// The hot path of a run on PostgreSQL (SPEC §6, §7): one batch is one transaction, its transfers
/// and texts written with COPY, and its idempotency keys looked up with one query per batch.
struct PostgresBatchWriter {
    let session: PostgresSession

    /// A key that is already in the ledger: the transfer it belongs to and its fingerprint (the
    /// engine tells a duplicate from a reused key by the fingerprint, SPEC §2).
    struct StoredKey: Sendable, Hashable {
        var tenant: Int32
        var idempotencyKey: String
        var transferID: Int64
        var fingerprint: [UInt8]?
    }

    /// Which of `keys` (tenant number, idempotency key) the ledger holds, in one query:
    /// `(tenant, idempotency_key) IN (SELECT * FROM unnest($1, $2))`, through `transfers_by_key`.
    func storedKeys(_ keys: [(tenant: Int32, key: String)]) throws -> [StoredKey] {
        guard !keys.isEmpty else { return [] }
        let tenants = keys.map(\.tenant), names = keys.map(\.key)
        return try session.rows("""
            SELECT tenant, idempotency_key, id, fingerprint FROM transfers
            WHERE idempotency_key IS NOT NULL
              AND (tenant, idempotency_key) IN (SELECT * FROM unnest(\(tenants)::integer[], \(names)::text[]))
            """) { row in
            let (tenant, key, id, fingerprint) = try row.decode((Int32, String, Int64, ByteBuffer?).self)
            return StoredKey(tenant: tenant, idempotencyKey: key, transferID: id,
                             fingerprint: fingerprint.map { Array($0.readableBytesView) })
        }
    }

    /// Appends `rows` (and their texts) in one transaction with `extra` run inside it after the
    /// COPY (the batch's balance writes and progress records), so all of it commits or none does.
    func append(_ rows: [PostgresTransferRow], alsoInTransaction extra: () throws -> Void = {}) throws {
        var transfers = CopyTextEncoder(), texts = CopyTextEncoder()
        for row in rows {
            row.encode(into: &transfers)
            row.encodeTexts(into: &texts)
        }
        let textRows = texts.rowCount
        let transferChunks = transfers.finish(), textChunks = texts.finish()
        try session.transaction {
            if !rows.isEmpty {
                try session.copy(into: "transfers", columns: PostgresTransferRow.columns, chunks: transferChunks)
            }
            if textRows > 0 {
                try session.copy(into: "transfer_texts", columns: PostgresTransferRow.textColumns, chunks: textChunks)
            }
            try extra()
        }
    }
}
