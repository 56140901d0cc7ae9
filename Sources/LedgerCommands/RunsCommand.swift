import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore
import LedgerStorage

/// `ledger-recon runs`: the runs recorded in the ledger, newest first (SPEC §5), so an operator
/// can see what ran, what it did, and which run was killed without finishing. Read-only: it
/// never creates a ledger, never takes the run lock and never migrates the file.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs recorded in the ledger, newest first.",
        discussion: """
            Each run: run_id, command, started_at, finished_at, status, exit_code, counts (rows read, applied, \
            duplicate, rejected) and the reports path. Status: running; finished; failed (stopped with an error, \
            reason in `error`); interrupted (its process is gone without finishing: killed, or the machine went \
            down; the same command again resumes it); abandoned (given up with `run --abandon`). Dry runs are not \
            recorded. A missing ledger exits 2.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Show at most N runs (1–\(RunHistory.maxLimit)).")
    var limit: Int = 20

    @Option(help: "JSON for scripts, or an aligned table for a person.")
    var format: OutputFormat = .json

    init() {}

    func validate() throws {
        guard (1...RunHistory.maxLimit).contains(limit) else {
            throw ValidationError("--limit must be between 1 and \(RunHistory.maxLimit), got \(limit)")
        }
    }

    func run() throws {
        let path = database.path
        guard !LedgerReaders.isMissing(path) else {
            QueryJSON.printError("no ledger at \(path): check --db / LEDGER_RECON_DB (runs never creates one)")
            throw LedgerExit.usageOrInput.exitCode
        }
        let liveness = RunLiveness(databasePath: path)
        let records: [RunRecord]
        do {
            records = try LedgerReaders.open(path: path).read { try $0.newestRuns(limit) }
        } catch {
            QueryJSON.printError("cannot read ledger database '\(path)': \(JobFailure.describe(error, database: path))")
            throw LedgerExit.usageOrInput.exitCode
        }
        let statuses = records.map(liveness.status(of:))
        switch format {
        case .json: QueryJSON.write(QueryResponse.encode(Self.json(records, statuses: statuses, now: QueryJSON.nowMillis())))
        case .table: QueryJSON.write(Self.table(records, statuses: statuses))
        }
    }

    /// `{code, message, data: [run…], timestamp}`, the envelope of the other query commands.
    static func json(_ records: [RunRecord], statuses: [String], now: Int64) -> JSONValue {
        let runs = zip(records, statuses).map { record, status -> JSONValue in
            .object([
                "run_id": .string(record.runID), "command": .string(record.command), "pid": .int(Int64(record.pid)),
                "started_at": .time(record.startedAt), "finished_at": record.finishedAt.map(JSONValue.time) ?? .null,
                "status": .string(status), "exit_code": record.exitCode.map { .int(Int64($0)) } ?? .null,
                "counts": record.counts.map { counts in
                    .object(["read": .int(Int64(counts.read)), "applied": .int(Int64(counts.applied)),
                             "duplicate": .int(Int64(counts.duplicate)), "rejected": .int(Int64(counts.rejected))])
                } ?? .null,
                "reports": record.reports.map(JSONValue.string) ?? .null,
                "error": record.failure.map(JSONValue.string) ?? .null,
                "resumes": record.resumes.map(JSONValue.string) ?? .null,
            ])
        }
        return .object([
            "code": .int(200), "message": .string(QueryResponse.successMessage), "data": .array(runs),
            "timestamp": .time(now / 1000 * 1000),
        ])
    }

    /// One line per run; the command last, as it is the widest.
    static func table(_ records: [RunRecord], statuses: [String]) -> String {
        var table = TableFormatter([
            .left("RUN_ID"), .left("STATUS"), .right("EXIT"), .left("STARTED_AT"), .left("FINISHED_AT"), .right("READ"),
            .right("APPLIED"), .right("DUPLICATE"), .right("REJECTED"), .left("REPORTS"), .left("COMMAND"),
        ])
        for (record, status) in zip(records, statuses) {
            let counts = record.counts
            table.append([
                record.runID, status, record.exitCode.map { String($0) } ?? "", Timestamp.format(millis: record.startedAt),
                record.finishedAt.map { Timestamp.format(millis: $0) } ?? "", counts.map { String($0.read) } ?? "",
                counts.map { String($0.applied) } ?? "", counts.map { String($0.duplicate) } ?? "",
                counts.map { String($0.rejected) } ?? "", record.reports ?? record.failure.map { "error: \($0)" } ?? "",
                record.command,
            ])
        }
        return table.render() + (records.isEmpty ? "no runs recorded in this ledger yet\n" : "")
    }
}
