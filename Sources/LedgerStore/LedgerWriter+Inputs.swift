import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// What the ledger remembers of the transfers files it decided (SPEC §2 "Running a night again",
/// §4 "Interrupted runs resume"): per file, checkpoints of how far it was decided, and the
/// decision on each rejected row. Applied and duplicate rows need no record: their keys find them.
extension LedgerWriter {
    /// A rejection as recorded, with the run that first decided it.
    struct RecordedRejection {
        var rejection: Rejection
        var decidedBy: String
    }

    /// The earlier decisions a run may reuse for each of its `positions` transfers files, most
    /// preferred first: the files of the run being resumed at the same position (resume), then
    /// every file read to its end by another run that was not abandoned (replay).
    public func decidedInputs(positions: Int, in db: Database) throws -> [[DecidedInput]] {
        // Only files that can be used: read to their end, or of the night being resumed.
        let chain = Array(resumeChainRuns)
        let chainCondition = chain.isEmpty ? "" : " OR f.run_id IN (" + chain.map { _ in "?" }.joined(separator: ", ") + ")"
        var checkpoints: [Int64: [InputCheckpoint]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT c.input_file, c.rows, c.bytes, c.prefix_sha256 FROM input_checkpoints c
            JOIN input_files f ON f.id = c.input_file JOIN runs r ON r.run_id = f.run_id
            WHERE r.status != 'abandoned' AND f.run_id != ? AND (f.finished = 1\(chainCondition))
            ORDER BY c.input_file, c.rows
            """, arguments: StatementArguments([runID] + chain))
        while let row = try rows.next() {
            checkpoints[row[0], default: []].append(InputCheckpoint(rows: row[1], bytes: row[2], digest: [UInt8](row[3] as Data)))
        }
        var resumable: [Int: [DecidedInput]] = [:]
        var replayable: [DecidedInput] = []
        let files = try Row.fetchCursor(db, sql: """
            SELECT f.id, f.run_id, f.position, f.finished FROM input_files f JOIN runs r ON r.run_id = f.run_id
            WHERE r.status != 'abandoned' AND f.run_id != ? ORDER BY f.id
            """, arguments: [runID])
        while let row = try files.next() {
            let id: Int64 = row[0], fileRun: String = row[1], position: Int = row[2], finished: Bool = row[3]
            guard let fileCheckpoints = checkpoints[id] else { continue }
            if resumeChainRuns.contains(fileRun) {
                resumable[position, default: []].append(DecidedInput(id: id, runID: fileRun, use: .resume, checkpoints: fileCheckpoints))
            } else if finished {
                replayable.append(DecidedInput(id: id, runID: fileRun, use: .replay, checkpoints: fileCheckpoints))
            }
        }
        return (0..<positions).map { position in
            let resumes = (resumable[position] ?? []).sorted { ($0.checkpoints.last?.rows ?? 0) > ($1.checkpoints.last?.rows ?? 0) }
            return resumes + replayable
        }
    }

    /// The `input_files` rows of the resume chain at `position`: entries written from them were
    /// applied by the night this run finishes.
    func resumeChainFiles(position: Int, in db: Database) throws -> Set<Int64> {
        guard resuming != nil else { return [] }
        if let known = resumeChainFilesByPosition[position] { return known }
        var ids: Set<Int64> = []
        for runID in resumeChainRuns {
            let found = try Int64.fetchAll(db, sql: "SELECT id FROM input_files WHERE run_id = ? AND position = ?",
                                           arguments: [runID, position])
            ids.formUnion(found)
        }
        resumeChainFilesByPosition[position] = ids
        return ids
    }

    /// The rejections recorded for `input` on lines `lines`.
    func recordedRejections(_ input: DecidedInput, lines: ClosedRange<Int>, in db: Database) throws -> [Int: RecordedRejection] {
        var found: [Int: RecordedRejection] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT line, code, message, decided_by_run FROM rejected_rows WHERE input_file = ? AND line BETWEEN ? AND ?
            """, arguments: [input.id, lines.lowerBound, lines.upperBound])
        while let row = try rows.next() {
            guard let code = Rejection.Code(rawValue: row[1]) else { continue }
            found[row[0]] = RecordedRejection(rejection: Rejection(code, row[2]), decidedBy: row[3])
        }
        return found
    }

    /// The `input_files` row for the run's file at `file.position`, created with its first batch.
    func inputFileID(for file: BatchFile, coveredBy: DecidedInput?, in db: Database) throws -> Int64 {
        if let id = inputFileIDs[file.position] { return id }
        let resumed = coveredBy.flatMap { $0.use == .resume ? $0.id : nil }
        try db.execute(sql: "INSERT INTO input_files (run_id, position, path, resumes) VALUES (?, ?, ?, ?)",
                       arguments: [runID, file.position, file.path, resumed])
        let id = db.lastInsertedRowID
        inputFileIDs[file.position] = id
        return id
    }

    /// Records, in the batch's transaction, every rejection it made and how far the file is decided.
    func recordProgress(_ file: BatchFile, inputFile: Int64, rejections: [(line: Int, RecordedRejection)],
                        in db: Database) throws {
        let statements = try preparedStatements(db)
        for (line, recorded) in rejections {
            let insert = statements.insertRejectedRow
            insert.bind(1, inputFile)
            insert.bind(2, Int64(line))
            insert.bind(3, recorded.rejection.code.rawValue)
            insert.bind(4, recorded.rejection.message)
            insert.bind(5, recorded.decidedBy)
            try insert.execute()
        }
        try db.execute(
            sql: "INSERT OR IGNORE INTO input_checkpoints (input_file, rows, bytes, prefix_sha256) VALUES (?, ?, ?, ?)",
            arguments: [inputFile, file.end.rows, file.end.bytes, Data(file.end.digest)])
        try db.execute(
            sql: """
                UPDATE input_files SET rows_decided = ?, bytes_decided = ?, finished = ?, sha256 = ? WHERE id = ?
                """,
            arguments: [file.end.rows, file.end.bytes, file.fileSHA256 != nil, file.fileSHA256.map { Data($0) }, inputFile])
    }
}
