import Foundation
public import LedgerCore
public import LedgerStorage
internal import PostgresNIO

/// The runs table, the record of decided input files (SPEC §2 "Running a night again", §4) and
/// the hash chain's rows (SPEC §7), on PostgreSQL. Text that came from outside (paths, the command
/// line, messages) goes through `PostgresText.storable`: PostgreSQL text cannot hold a NUL byte.
extension PostgresWriteStore {
    // MARK: Runs

    package func runRowID(runID: String) throws -> Int64? {
        try session.rows("SELECT id FROM runs WHERE run_id = \(runID)") { try $0.decode(Int64.self) }.first
    }

    package func ensureRun(runID: String, startedAt: Int64) throws -> Int64 {
        try write("""
            INSERT INTO runs (run_id, command, pid, started_at, status) VALUES (\(runID), '', 0, \(startedAt), 'running')
            ON CONFLICT (run_id) DO NOTHING
            """)
        guard let id = try runRowID(runID: runID) else { preconditionFailure("the run's row exists") }
        return id
    }

    package func recordRunStart(_ start: RunStartRecord) throws -> Int64 {
        try write("""
            INSERT INTO runs (run_id, command, pid, started_at, status, inputs, transfers_watermark, resumes)
            VALUES (\(start.runID), \(PostgresText.storable(Self.withoutPasswords(start.command))), \(Int64(start.pid)), \(start.startedAt), 'running',
                    \(PostgresText.storable(start.inputs)), \(start.transfersWatermark), \(start.resumes))
            ON CONFLICT (run_id) DO UPDATE SET command = excluded.command, pid = excluded.pid,
                started_at = excluded.started_at, inputs = excluded.inputs,
                transfers_watermark = excluded.transfers_watermark, resumes = excluded.resumes
            """)
        guard let id = try runRowID(runID: start.runID) else { preconditionFailure("the run's row exists") }
        return id
    }

    /// The command line as the runs table keeps it (`ledger-recon runs` prints it): a database URL
    /// in it without its password.
    static func withoutPasswords(_ command: String) -> String {
        command.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.contains("://") ? PostgresLocation.redact(String($0)) : String($0) }
            .joined(separator: " ")
    }

    package func markResumed(runID: String, by resumedBy: String) throws {
        try write("""
            UPDATE runs SET resumed_by = \(resumedBy), status = CASE status WHEN 'running' THEN 'interrupted' ELSE status END
            WHERE run_id = \(runID)
            """)
    }

    package func recordRunFailure(runID: String, reason: String, exitCode: Int32, finishedAt: Int64) throws {
        try write("""
            UPDATE runs SET finished_at = \(finishedAt), status = 'failed', exit_code = \(exitCode),
                reports = \(PostgresText.storable(reason))
            WHERE run_id = \(runID)
            """)
    }

    package func recordRunEnd(runID: String, exitCode: Int32, reports: String, finishedAt: Int64) throws {
        try write("""
            UPDATE runs SET finished_at = \(finishedAt), status = 'finished', exit_code = \(exitCode),
                reports = \(PostgresText.storable(reports))
            WHERE run_id = \(runID)
            """)
    }

    /// What the run counted (`ledger-recon runs`), when it finished or stopped with an error.
    public func recordCounts(_ counts: RunCounts, runID: String) throws {
        try write("""
            UPDATE runs SET rows_read = \(Int64(counts.read)), rows_applied = \(Int64(counts.applied)),
                rows_duplicate = \(Int64(counts.duplicate)), rows_rejected = \(Int64(counts.rejected))
            WHERE run_id = \(runID)
            """)
    }

    package func unfinishedRun() throws -> UnfinishedRun? {
        try session.rows("""
            SELECT run_id, command, inputs, status, transfers_watermark FROM runs
            WHERE status IN ('running', 'failed', 'interrupted') AND resumed_by IS NULL AND inputs <> ''
            ORDER BY started_at DESC, id DESC LIMIT 1
            """) { row in
            let (runID, command, inputs, status, watermark) = try row.decode((String, String, String, String, Int64).self)
            return UnfinishedRun(runID: runID, command: command, inputs: inputs, status: status, nightWatermark: watermark)
        }.first
    }

    package func abandon(runID: String) throws {
        try write("UPDATE runs SET status = 'abandoned' WHERE run_id = \(runID) AND resumed_by IS NULL")
    }

    package func resumedRun(of runID: String) throws -> String? {
        try session.rows("SELECT resumes FROM runs WHERE run_id = \(runID)") { try $0.decode(String?.self) }.first ?? nil
    }

    /// Through the transfers' key, one range per tenant (`tenant = ANY(…) AND id BETWEEN`), streamed.
    package func scanLegsNewestFirst(rows: ClosedRange<Int64>, _ body: (TransferLegs) throws -> Void) throws {
        try flushTransfers()
        let tenants = try session.rows("SELECT id FROM tenants") { try $0.decode(Int32.self) }
        try forEachRow("""
            SELECT debit_account, credit_account, amount, debit_sequence, debit_balance_after, credit_sequence, credit_balance_after
            FROM transfers WHERE tenant = ANY(\(tenants)::integer[]) AND id BETWEEN \(rows.lowerBound) AND \(rows.upperBound)
            ORDER BY id DESC
            """, decode: { row in try row.decode((Int64, Int64, Int64, Int64, Int64, Int64, Int64).self) }) { legs in
            try body(TransferLegs(debitAccount: legs.0, creditAccount: legs.1, amount: legs.2, debitSequence: legs.3,
                                  debitBalanceAfter: legs.4, creditSequence: legs.5, creditBalanceAfter: legs.6))
        }
    }

    // MARK: Input files

    package func decidedFiles(excludingRun runID: String) throws -> [StoredInputFile] {
        var checkpoints: [Int64: [InputCheckpoint]] = [:]
        let rows = try session.rows("""
            SELECT c.input_file, c.rows, c.bytes, c.prefix_sha256 FROM input_checkpoints c
            JOIN input_files f ON f.id = c.input_file JOIN runs r ON r.run_id = f.run_id
            WHERE r.status <> 'abandoned' AND f.run_id <> \(runID)
            ORDER BY c.input_file, c.rows
            """) { row in try row.decode((Int64, Int64, Int64, ByteBuffer).self) }
        for (file, count, bytes, digest) in rows {
            checkpoints[file, default: []].append(InputCheckpoint(rows: Int(count), bytes: Int(bytes),
                                                                  digest: Array(digest.readableBytesView)))
        }
        return try session.rows("""
            SELECT f.id, f.run_id, f.position, f.finished FROM input_files f JOIN runs r ON r.run_id = f.run_id
            WHERE r.status <> 'abandoned' AND f.run_id <> \(runID) ORDER BY f.id
            """) { row in try row.decode((Int64, String, Int32, Bool).self) }
            .compactMap { id, run, position, finished in
                checkpoints[id].map { StoredInputFile(id: id, runID: run, position: Int(position), finished: finished, checkpoints: $0) }
            }
    }

    package func inputFiles(ofRun runID: String, position: Int) throws -> [Int64] {
        try session.rows("SELECT id FROM input_files WHERE run_id = \(runID) AND position = \(Int32(clamping: position)) ORDER BY id") {
            try $0.decode(Int64.self)
        }
    }

    package func recordedRejections(inputFile: Int64, lines: ClosedRange<Int>) throws -> [Int: RecordedRejection] {
        var found: [Int: RecordedRejection] = [:]
        let rows = try session.rows("""
            SELECT line, code, message, decided_by_run FROM rejected_rows
            WHERE input_file = \(inputFile) AND line BETWEEN \(Int64(lines.lowerBound)) AND \(Int64(lines.upperBound))
            """) { row in try row.decode((Int64, String, String, String).self) }
        for (line, code, message, decidedBy) in rows {
            guard let code = Rejection.Code(rawValue: code) else { continue }
            found[Int(line)] = RecordedRejection(rejection: Rejection(code, message), decidedBy: decidedBy)
        }
        return found
    }

    package func createInputFile(runID: String, position: Int, path: String, resumes: Int64?) throws -> Int64 {
        let id = try session.rows("""
            INSERT INTO input_files (run_id, position, path, resumes)
            VALUES (\(runID), \(Int32(clamping: position)), \(PostgresText.storable(path)), \(resumes)) RETURNING id
            """) { try $0.decode(Int64.self) }
        guard let id = id.first else { preconditionFailure("an insert returns its id") }
        return id
    }

    package func recordProgress(inputFile: Int64, end: InputCheckpoint, fileSHA256: [UInt8]?,
                                rejections: [(line: Int, rejection: RecordedRejection)]) throws {
        if !rejections.isEmpty {
            let lines = rejections.map { Int64($0.line) }, codes = rejections.map(\.rejection.rejection.code.rawValue)
            let messages = rejections.map { PostgresText.storable($0.rejection.rejection.message) }
            let decidedBy = rejections.map(\.rejection.decidedBy)
            try write("""
                INSERT INTO rejected_rows (input_file, line, code, message, decided_by_run)
                SELECT \(inputFile), * FROM unnest(\(lines)::bigint[], \(codes)::text[], \(messages)::text[], \(decidedBy)::text[])
                """)
        }
        try write("""
            INSERT INTO input_checkpoints (input_file, rows, bytes, prefix_sha256)
            VALUES (\(inputFile), \(Int64(end.rows)), \(Int64(end.bytes)), \(ByteBuffer(bytes: end.digest)))
            ON CONFLICT DO NOTHING
            """)
        try write("""
            UPDATE input_files SET rows_decided = \(Int64(end.rows)), bytes_decided = \(Int64(end.bytes)),
                finished = \(fileSHA256 != nil), sha256 = \(fileSHA256.map { ByteBuffer(bytes: $0) })
            WHERE id = \(inputFile)
            """)
    }

    // MARK: Hash chain (SPEC §7)

    package func loadChainHeads() throws -> [StoredChainHead] {
        try session.rows("SELECT h.tenant::bigint, t.tenant_id, h.links, h.hash FROM chain_heads h JOIN tenants t ON t.id = h.tenant") {
            try $0.decode((Int64, String, Int64, ByteBuffer).self)
        }.compactMap { tenant, tenantID, links, hash in
            ChainHash(bytes: Array(hash.readableBytesView)).map {
                StoredChainHead(tenantRowID: tenant, tenantID: tenantID, head: ChainHead(links: links, hash: $0))
            }
        }
    }

    package func writeChainHeads(_ heads: [StoredChainHead]) throws {
        guard !heads.isEmpty else { return }
        let tenants = heads.map { Int32(truncatingIfNeeded: $0.tenantRowID) }, links = heads.map(\.head.links)
        let hashes = heads.map { ByteBuffer(bytes: $0.head.hash.bytes) }
        try write("""
            INSERT INTO chain_heads (tenant, links, hash)
            SELECT * FROM unnest(\(tenants)::integer[], \(links)::bigint[], \(hashes)::bytea[])
            ON CONFLICT (tenant) DO UPDATE SET links = excluded.links, hash = excluded.hash
            """)
    }

    package func recordTenantChange(_ change: TenantChangeRecord) throws {
        let link = change.link
        try write("""
            INSERT INTO tenant_changes (tenant, chain_link, name, transfer_enabled, points_type, exchange_rate, currency, changed_at,
                                        chain_hash)
            VALUES (\(Int32(truncatingIfNeeded: change.tenantRowID)), \(change.head.links), \(PostgresText.storable(link.name)),
                    \(link.transferEnabled), \(PostgresText.storable(link.pointsType)), \(link.exchangeRate), \(link.currency),
                    \(link.changedAt), \(ByteBuffer(bytes: change.head.hash.bytes)))
            """)
    }

    package func recordRunChainHeads(runID: String, _ heads: ChainHeads, atStart: Bool) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(heads.entries), as: UTF8.self)
        if atStart {
            try write("UPDATE runs SET heads_before = \(PostgresText.storable(text)) WHERE run_id = \(runID)")
        } else {
            try write("UPDATE runs SET heads_after = \(PostgresText.storable(text)) WHERE run_id = \(runID)")
        }
    }
}
