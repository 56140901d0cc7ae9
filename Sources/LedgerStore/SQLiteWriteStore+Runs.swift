import Foundation
import GRDB
import LedgerCore
package import LedgerStorage

/// The runs table and the record of decided input files (SPEC §2 "Running a night again", §4).
extension SQLiteWriteStore {
    package func runRowID(runID: String) throws -> Int64? {
        try withDatabase { db in try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE run_id = ?", arguments: [runID]) }
    }

    package func ensureRun(runID: String, startedAt: Int64) throws -> Int64 {
        try withDatabase { db in
            try db.execute(sql: """
                INSERT INTO runs (run_id, command, pid, started_at, status) VALUES (?, '', 0, ?, 'running')
                ON CONFLICT (run_id) DO NOTHING
                """, arguments: [runID, startedAt])
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE run_id = ?", arguments: [runID]) else {
                preconditionFailure("the run's row exists")
            }
            return id
        }
    }

    package func recordRunStart(_ start: RunStartRecord) throws -> Int64 {
        try withDatabase { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (run_id, command, pid, started_at, status, inputs, transfers_watermark, resumes)
                    VALUES (?, ?, ?, ?, 'running', ?, ?, ?)
                    ON CONFLICT (run_id) DO UPDATE SET command = excluded.command, pid = excluded.pid,
                        started_at = excluded.started_at, inputs = excluded.inputs,
                        transfers_watermark = excluded.transfers_watermark, resumes = excluded.resumes
                    """,
                arguments: [start.runID, start.command, Int64(start.pid), start.startedAt, start.inputs, start.transfersWatermark,
                            start.resumes]
            )
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE run_id = ?", arguments: [start.runID]) else {
                preconditionFailure("the run's row exists")
            }
            return id
        }
    }

    package func markResumed(runID: String, by resumedBy: String) throws {
        try withDatabase { db in
            try db.execute(
                sql: """
                    UPDATE runs SET resumed_by = ?, status = CASE status WHEN 'running' THEN 'interrupted' ELSE status END
                    WHERE run_id = ?
                    """,
                arguments: [resumedBy, runID]
            )
        }
    }

    package func recordRunFailure(runID: String, reason: String, exitCode: Int32, finishedAt: Int64) throws {
        try withDatabase { db in
            try db.execute(sql: "UPDATE runs SET finished_at = ?, status = 'failed', exit_code = ?, reports = ? WHERE run_id = ?",
                           arguments: [finishedAt, Int64(exitCode), reason, runID])
        }
    }

    package func recordRunEnd(runID: String, exitCode: Int32, reports: String, finishedAt: Int64) throws {
        try withDatabase { db in
            try db.execute(sql: "UPDATE runs SET finished_at = ?, status = 'finished', exit_code = ?, reports = ? WHERE run_id = ?",
                           arguments: [finishedAt, Int64(exitCode), reports, runID])
        }
    }

    package func unfinishedRun() throws -> UnfinishedRun? {
        try withDatabase { db in
            try Row.fetchOne(db, sql: """
                SELECT run_id, command, inputs, status, transfers_watermark FROM runs
                WHERE status IN ('running', 'failed', 'interrupted') AND resumed_by IS NULL AND inputs != ''
                ORDER BY started_at DESC, id DESC LIMIT 1
                """).map { row in
                UnfinishedRun(runID: row["run_id"], command: row["command"], inputs: row["inputs"], status: row["status"],
                              nightWatermark: row["transfers_watermark"])
            }
        }
    }

    package func abandon(runID: String) throws {
        try withDatabase { db in
            try db.execute(sql: "UPDATE runs SET status = 'abandoned' WHERE run_id = ? AND resumed_by IS NULL", arguments: [runID])
        }
    }

    package func resumedRun(of runID: String) throws -> String? {
        try withDatabase { db in try String.fetchOne(db, sql: "SELECT resumes FROM runs WHERE run_id = ?", arguments: [runID]) }
    }

    package func scanLegsNewestFirst(rows: ClosedRange<Int64>, _ body: (TransferLegs) throws -> Void) throws {
        try withDatabase { db in
            let legs = try Row.fetchCursor(db, sql: """
                SELECT debit_account, credit_account, amount, debit_sequence, debit_balance_after, credit_sequence, credit_balance_after
                FROM transfers WHERE id >= ? AND id <= ? ORDER BY id DESC
                """, arguments: [rows.lowerBound, rows.upperBound])
            while let row = try legs.next() {
                try body(TransferLegs(debitAccount: row[0], creditAccount: row[1], amount: row[2], debitSequence: row[3],
                                      debitBalanceAfter: row[4], creditSequence: row[5], creditBalanceAfter: row[6]))
            }
        }
    }

    // MARK: Input files

    package func decidedFiles(excludingRun runID: String) throws -> [StoredInputFile] {
        try withDatabase { db in
            var checkpoints: [Int64: [InputCheckpoint]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.input_file, c.rows, c.bytes, c.prefix_sha256 FROM input_checkpoints c
                JOIN input_files f ON f.id = c.input_file JOIN runs r ON r.run_id = f.run_id
                WHERE r.status != 'abandoned' AND f.run_id != ?
                ORDER BY c.input_file, c.rows
                """, arguments: [runID])
            while let row = try rows.next() {
                checkpoints[row[0], default: []].append(InputCheckpoint(rows: row[1], bytes: row[2], digest: [UInt8](row[3] as Data)))
            }
            var files: [StoredInputFile] = []
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT f.id, f.run_id, f.position, f.finished FROM input_files f JOIN runs r ON r.run_id = f.run_id
                WHERE r.status != 'abandoned' AND f.run_id != ? ORDER BY f.id
                """, arguments: [runID])
            while let row = try cursor.next() {
                let id: Int64 = row[0]
                guard let fileCheckpoints = checkpoints[id] else { continue }
                files.append(StoredInputFile(id: id, runID: row[1], position: row[2], finished: row[3], checkpoints: fileCheckpoints))
            }
            return files
        }
    }

    package func inputFiles(ofRun runID: String, position: Int) throws -> [Int64] {
        try withDatabase { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM input_files WHERE run_id = ? AND position = ?", arguments: [runID, position])
        }
    }

    package func recordedRejections(inputFile: Int64, lines: ClosedRange<Int>) throws -> [Int: RecordedRejection] {
        try withDatabase { db in
            var found: [Int: RecordedRejection] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT line, code, message, decided_by_run FROM rejected_rows WHERE input_file = ? AND line BETWEEN ? AND ?
                """, arguments: [inputFile, lines.lowerBound, lines.upperBound])
            while let row = try rows.next() {
                guard let code = Rejection.Code(rawValue: row[1]) else { continue }
                found[row[0]] = RecordedRejection(rejection: Rejection(code, row[2]), decidedBy: row[3])
            }
            return found
        }
    }

    package func createInputFile(runID: String, position: Int, path: String, resumes: Int64?) throws -> Int64 {
        try withDatabase { db in
            try db.execute(sql: "INSERT INTO input_files (run_id, position, path, resumes) VALUES (?, ?, ?, ?)",
                           arguments: [runID, position, path, resumes])
            return db.lastInsertedRowID
        }
    }

    /// Inside a deferred batch, held for its commit (`inDeferredBatchTransaction`).
    package func recordProgress(inputFile: Int64, end: InputCheckpoint, fileSHA256: [UInt8]?,
                                rejections: [(line: Int, rejection: RecordedRejection)]) throws {
        if deferringBody {
            heldWrites.progress.append((inputFile, end, fileSHA256, rejections))
            return
        }
        try withDatabase { db in
            try SQLiteWriteStore.writeProgress(inputFile: inputFile, end: end, fileSHA256: fileSHA256, rejections: rejections,
                                               statements: try preparedStatements(db))
        }
    }

    static func writeProgress(inputFile: Int64, end: InputCheckpoint, fileSHA256: [UInt8]?,
                              rejections: [(line: Int, rejection: RecordedRejection)], statements: WriterStatements) throws {
        let insert = statements.insertRejectedRow
        for (line, recorded) in rejections {
            insert.bind(1, inputFile)
            insert.bind(2, Int64(line))
            insert.bind(3, recorded.rejection.code.rawValue)
            insert.bind(4, recorded.rejection.message)
            insert.bind(5, recorded.decidedBy)
            try insert.execute()
        }
        let checkpoint = statements.insertCheckpoint
        checkpoint.bind(1, inputFile)
        checkpoint.bind(Int64(end.rows), Int64(end.bytes), from: 2)
        checkpoint.bind(4, blob: end.digest)
        try checkpoint.execute()
        let update = statements.updateInputFile
        update.bind(Int64(end.rows), Int64(end.bytes), fileSHA256 != nil ? 1 : 0, from: 1)
        if let fileSHA256 { update.bind(4, blob: fileSHA256) } else { update.bind(4, nil as String?) }
        update.bind(5, inputFile)
        try update.execute()
    }
}
