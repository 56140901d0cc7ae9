import ArgumentParser
import Foundation
import LedgerCore
import LedgerImport
import LedgerReports
import Logging

/// `ledger-recon run`: the nightly job (SPEC §3–§6).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Import tenants, account snapshots and transfers; apply each transfer exactly once; check the books; write reports.",
        discussion: """
            Exit codes: 0 the books balance (rejected rows alone are not a failure); 1 a reconciliation check \
            failed; 2 usage error or unreadable input (nothing was applied); 3 another run holds the database; \
            4 rows were rejected and --fail-on-rejects was given; 5 the run stopped part-way (database or I/O error, \
            disk full, a report that could not be written): committed batches stay applied, and the same command \
            again finishes the night. The last line on stdout states the exit code.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .customLong("create-db"), help: "Create the ledger when it does not exist (without it, a missing ledger is exit 2).")
    var createDatabase = false

    @Option(name: .customLong("tenants"), help: ArgumentHelp("Tenants CSV (tenant_id, name, transfer_enabled, …).", valueName: "F"))
    var tenantsFile: String?

    @Option(name: .customLong("accounts"), help: ArgumentHelp("Account snapshot CSV (opening balances); repeatable.", valueName: "F"))
    var accountsFiles: [String] = []

    @Option(name: .customLong("transfers"), help: ArgumentHelp("Transfer requests CSV; repeatable, applied in the order given.", valueName: "F"))
    var transfersFiles: [String] = []

    @Option(name: .customLong("expected"), help: ArgumentHelp("Expected balances CSV from an outside system, compared after the run.", valueName: "F"))
    var expectedFile: String?

    @Option(name: .customLong("reports"), help: ArgumentHelp("Directory for report sets; reports/<run_id>/ and reports/latest.", valueName: "DIR"))
    var reportsRoot = "reports"

    @Option(name: .customLong("batch-size"), help: ArgumentHelp("Rows per database transaction (1–100000).", valueName: "N"))
    var batchRows = RunConfiguration.defaultBatchRows

    @Option(
        name: .customLong("encoding"),
        help: ArgumentHelp(
            "Text encoding of every input file: \(CSVEncoding.optionNames) (default utf-8). "
                + "gb18030 also reads GBK/GB2312, what Chinese Excel saves.",
            valueName: "E"))
    var encodingName = CSVEncoding.utf8.rawValue

    @Flag(name: .customLong("dry-run"), help: "Apply nothing durable; every report says it was a dry run.")
    var dryRun = false

    @Flag(name: .customLong("fail-on-rejects"), help: "Exit 4 when any row was rejected (and no check failed).")
    var failOnRejects = false

    @Option(name: .customLong("abandon"), help: ArgumentHelp(
        "Give up the unfinished run RUN_ID instead of resuming it: its committed batches stay, its other rows are decided afresh.",
        valueName: "RUN_ID"))
    var abandonRunID: String?

    @Option(name: .customLong("timezone"), help: ArgumentHelp(
        "Show times in reports and report.html in this IANA zone with its offset, e.g. Asia/Shanghai (default UTC).",
        valueName: "ZONE"))
    var timeZoneName = "UTC"

    @Flag(name: .customLong("csv-bom"), help: "Start every CSV report with a UTF-8 BOM, so Excel shows Chinese text correctly.")
    var csvByteOrderMark = false

    @Flag(name: .customLong("split-by-tenant"), help: ArgumentHelp(
        "Also write tenants/<tenant>/ in the run's reports with that tenant's rows of every CSV report and its own report.html."))
    var splitByTenant = false

    func validate() throws {
        guard ReportTimeZone(identifier: timeZoneName) != nil else {
            throw ValidationError("--timezone must be an IANA time zone such as Asia/Shanghai or UTC, got '\(timeZoneName)'")
        }
        guard CSVEncoding(name: encodingName) != nil else {
            throw ValidationError("--encoding must be one of \(CSVEncoding.optionNames), got '\(encodingName)'")
        }
        guard RunConfiguration.batchRowsLimit.contains(batchRows) else {
            throw ValidationError("--batch-size must be between 1 and 100000, got \(batchRows)")
        }
        guard tenantsFile != nil || !accountsFiles.isEmpty || !transfersFiles.isEmpty || expectedFile != nil else {
            throw ValidationError("nothing to do: give --tenants, --accounts, --transfers or --expected (or use `verify`)")
        }
    }

    func run() throws {
        let configuration = RunConfiguration(
            databasePath: database.path, tenantsFile: tenantsFile, accountsFiles: accountsFiles,
            transfersFiles: transfersFiles, expectedFile: expectedFile, reportsRoot: reportsRoot,
            batchRows: batchRows, dryRun: dryRun, failOnRejects: failOnRejects,
            encoding: CSVEncoding(name: encodingName) ?? .utf8, abandonRunID: abandonRunID,
            reportOptions: ReportOptions(byteOrderMark: csvByteOrderMark, timeZone: ReportTimeZone(identifier: timeZoneName) ?? .utc,
                                         splitByTenant: splitByTenant)
        )
        let runID = RunIdentifier.make(dryRun: dryRun)
        let logger = JobLogging.logger(runID: runID)
        let exit = JobFailure.exitCode(database: configuration.databasePath, runID: runID) {
            let lock = try LedgerBackends.lock(configuration.databasePath, runID: runID, createIfMissing: createDatabase)
            defer { withExtendedLifetime(lock) {} }
            return try ReconciliationJob(configuration: configuration, runID: runID, logger: logger).run()
        }
        throw exit.exitCode
    }
}
