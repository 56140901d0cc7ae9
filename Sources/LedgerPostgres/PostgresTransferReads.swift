public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// The checks' scan of the journal and the ids that name a transfer in a violation (SPEC §5), as
/// `SQLiteLedgerSnapshot` answers them.
extension PostgresLedgerSnapshot {
    public func forEachTransfer(after watermark: Int64, _ body: (ScannedTransfer) throws -> Void) throws {
        let columns = """
            id, tenant::bigint AS tenant, entry_type = 'opening' AS opening, debit_account, credit_account, amount,
            debit_sequence, debit_balance_after, credit_sequence, credit_balance_after
            """
        let sql = TenantMerge.statement(
            tenants: try TenantMerge.tenants(session),
            arm: { "SELECT \(columns) FROM transfers WHERE tenant = \($0) AND id > $1" },
            whole: "SELECT \(columns) FROM transfers WHERE id > $1")
        var binds = PostgresBindings()
        binds.append(watermark)
        try PostgresCursor.forEach(session, PostgresQuery(unsafeSQL: sql, binds: binds), decode: { row in
            let (id, tenant, opening, debit, credit, amount, debitSequence, debitAfter, creditSequence, creditAfter) = try row.decode(
                (Int64, Int64, Bool, Int64, Int64, Int64, Int64, Int64, Int64, Int64).self)
            return ScannedTransfer(rowID: id, tenantRowID: tenant, isOpening: opening, debitAccount: debit, creditAccount: credit,
                                   amount: amount, debitSequence: debitSequence, debitBalanceAfter: debitAfter,
                                   creditSequence: creditSequence, creditBalanceAfter: creditAfter)
        }, body)
    }

    public func transferIdentifiers(rowID: Int64, kind: AccountKind) throws -> TransferIdentifiers? {
        // No index leads with the id alone (keys start with the tenant): a scan, but this only
        // names a violation.
        let rows = try session.rows("""
            SELECT t.ulid, t.entry_type, l.transfer_id, l.debit_record, l.credit_record
            FROM transfers t LEFT JOIN transfer_legacy_ids l ON l.tenant = t.tenant AND l.transfer = t.id WHERE t.id = \(rowID)
            """) { try $0.decode((ByteBuffer, String, String?, String?, String?).self) }
        guard let (ulid, entryType, transferID, debitRecord, creditRecord) = rows.first else { return nil }
        if let transferID {
            return TransferIdentifiers(transferID: transferID, debitRecordID: debitRecord ?? "", creditRecordID: creditRecord ?? "")
        }
        return TransferIdentifiers(ulid: TransferULID(blob: Array(ulid.readableBytesView)) ?? TransferULID(0), entryType: entryType,
                                   kind: kind)
    }
}
