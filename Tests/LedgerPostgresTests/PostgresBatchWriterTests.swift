@testable import LedgerPostgres
import PostgresNIO
import Testing

/// Batches on PostgreSQL (SPEC §6, §7): COPY writes every value unchanged, one batch is one
/// transaction, and a batch's keys are looked up with one query.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct PostgresBatchWriterTests {
    static func row(_ id: Int64, tenant: Int32 = 1, key: String? = nil, texts: PostgresTransferRow.Texts? = nil) -> PostgresTransferRow {
        PostgresTransferRow(
            tenant: tenant, id: id, entryType: id % 7 == 0 ? "opening" : "transfer",
            debitAccount: 1 + id % 40, creditAccount: 41 + id % 40, amount: id * 3 + 1,
            debitSequence: id, debitBalanceAfter: -id, creditSequence: id, creditBalanceAfter: Int64.max - id,
            createdAt: 1_763_000_000_000 + id / 10, ulid: (0..<16).map { UInt8(truncatingIfNeeded: Int(id) &* 31 &+ $0) },
            idempotencyKey: key ?? "key-\(id)", fingerprint: id % 3 == 0 ? nil : [UInt8(id % 256), 0, 0xFF],
            run: 1, inputFile: id % 5 == 0 ? nil : 2, line: id + 1,
            chainHash: id % 4 == 0 ? nil : (0..<32).map { UInt8(truncatingIfNeeded: Int(id) &+ $0 &* 7) }, texts: texts)
    }

    private func storedRows(_ session: PostgresSession) throws -> [PostgresTransferRow] {
        try session.rows("""
            SELECT t.tenant, t.id, t.entry_type, t.debit_account, t.credit_account, t.amount, t.debit_sequence,
                   t.debit_balance_after, t.credit_sequence, t.credit_balance_after, t.created_at, t.ulid, t.idempotency_key,
                   t.fingerprint, t.run, t.input_file, t.line, t.chain_hash,
                   x.transfer IS NOT NULL, x.description, x.reason, x.source, x.reference_id, x.source_file
            FROM transfers t LEFT JOIN transfer_texts x ON x.tenant = t.tenant AND x.transfer = t.id ORDER BY t.tenant, t.id
            """) { cells in
            let row = cells.makeRandomAccess()
            func bytes(_ index: Int) throws -> [UInt8]? { try row[index].decode(ByteBuffer?.self).map { Array($0.readableBytesView) } }
            let hasTexts = try row[18].decode(Bool.self)
            return PostgresTransferRow(
                tenant: try row[0].decode(Int32.self), id: try row[1].decode(Int64.self), entryType: try row[2].decode(String.self),
                debitAccount: try row[3].decode(Int64.self), creditAccount: try row[4].decode(Int64.self),
                amount: try row[5].decode(Int64.self), debitSequence: try row[6].decode(Int64.self),
                debitBalanceAfter: try row[7].decode(Int64.self), creditSequence: try row[8].decode(Int64.self),
                creditBalanceAfter: try row[9].decode(Int64.self), createdAt: try row[10].decode(Int64.self),
                ulid: try bytes(11) ?? [], idempotencyKey: try row[12].decode(String?.self), fingerprint: try bytes(13),
                run: try row[14].decode(Int64.self), inputFile: try row[15].decode(Int64?.self), line: try row[16].decode(Int64.self),
                chainHash: try bytes(17), texts: hasTexts ? PostgresTransferRow.Texts(
                    description: try row[19].decode(String.self), reason: try row[20].decode(String.self),
                    source: try row[21].decode(String.self), referenceID: try row[22].decode(String.self),
                    sourceFile: try row[23].decode(String.self)) : nil)
        }
    }

    @Test func copyWritesEveryValueUnchanged() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let ledger = try PostgresLedger.open(location, create: true, runID: "r")
            defer { ledger.close() }
            let awkward = PostgresTransferRow.Texts(
                description: "奶茶店分账\twith a tab", reason: "line one\nline two\r\n", source: "C:\\imports\\night.csv",
                referenceID: "\\N is not null", sourceFile: "")
            var rows = (1...2_500).map { Self.row($0) }
            rows[0].texts = awkward
            rows[10].texts = PostgresTransferRow.Texts(description: "", reason: "", source: "", referenceID: "ord-1", sourceFile: "")
            rows[20].idempotencyKey = nil
            let writer = PostgresBatchWriter(session: ledger.session)
            try writer.append(Array(rows[..<1_000]))
            try writer.append(Array(rows[1_000...]))
            #expect(try storedRows(ledger.session) == rows)
        }
    }

    @Test func looksUpABatchOfKeysInOneQuery() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let ledger = try PostgresLedger.open(location, create: true, runID: "r")
            defer { ledger.close() }
            let writer = PostgresBatchWriter(session: ledger.session)
            try writer.append((1...300).map { Self.row($0, tenant: $0 <= 150 ? 1 : 2) })
            let asked: [(tenant: Int32, key: String)] = [(1, "key-3"), (2, "key-3"), (2, "key-151"), (1, "key-151"), (1, "absent"), (1, "key-150")]
            let found = try writer.storedKeys(asked)
            #expect(Set(found.map { "\($0.tenant)/\($0.idempotencyKey)/\($0.transferID)" }) == ["1/key-3/3", "2/key-151/151", "1/key-150/150"])
            #expect(found.first { $0.transferID == 151 }?.fingerprint == [151, 0, 0xFF])
            #expect(found.first { $0.transferID == 150 }?.fingerprint == nil)
            #expect(try writer.storedKeys([]).isEmpty)
        }
    }

    @Test func aBatchThatFailsLeavesNothingOfItself() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let ledger = try PostgresLedger.open(location, create: true, runID: "r")
            defer { ledger.close() }
            let writer = PostgresBatchWriter(session: ledger.session)
            try writer.append((1...10).map { Self.row($0) })
            // The second batch's last row reuses a stored key: the unique index refuses the COPY.
            let failing = (11...20).map { Self.row($0) } + [Self.row(21, key: "key-5")]
            let error = try #require(throws: PostgresStoreError.self) { try writer.append(failing) }
            guard case .server(_, let sqlState, _) = error else { Issue.record("got \(error)"); return }
            #expect(sqlState == "23505")
            #expect(try storedRows(ledger.session).map(\.id) == Array(1...10))
            // The session is usable again: the next batch commits.
            try writer.append((11...20).map { Self.row($0) })
            #expect(try storedRows(ledger.session).count == 20)
        }
    }

    @Test func aConnectionLostMidBatchKeepsTheCommittedBatches() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let ledger = try PostgresLedger.open(location, create: true, runID: "r")
            defer { ledger.close() }
            let writer = PostgresBatchWriter(session: ledger.session)
            try writer.append((1...100).map { Self.row($0) })
            let pid = try #require(try ledger.session.rows("SELECT pg_backend_pid()") { try $0.decode(Int32.self) }.first)
            let error = try #require(throws: PostgresStoreError.self) {
                try writer.append((101...200).map { Self.row($0) }) {
                    // The server goes away after the COPY, before COMMIT.
                    try PostgresTestServer.withSession(location) { try $0.execute("SELECT pg_terminate_backend(\(pid), 5000)") }
                    try ledger.session.execute("SELECT 1")
                }
            }
            #expect(error.isConnectionLoss, "\(error)")
            let count = try PostgresTestServer.withSession(location) { session in
                try session.rows("SELECT count(*), max(id) FROM transfers") { try $0.decode((Int64, Int64).self) }
            }
            #expect(count.first! == (100, 100))
        }
    }
}
