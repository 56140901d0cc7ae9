public import ArgumentParser
import Foundation
import LedgerReports
import LedgerStorage

extension JournalFormat: ExpressibleByArgument {}

/// `ledger-recon export`: the books as an hledger journal or a Beancount ledger (SPEC §4, §7), so
/// a finance team can check them with an independent double-entry engine.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the books as an hledger journal or a Beancount ledger.",
        discussion: """
            One transaction per journal entry, dated by its UTC created_at; accounts and commodities are declared, \
            so `hledger -f FILE check --strict` and `bean-check FILE` accept the file unchanged. Ids are mapped to \
            names each tool allows, reversibly (README "Export to hledger / Beancount"). Without --out the journal \
            goes to stdout; with --out it is written to a temporary file (0640) renamed over FILE when complete. \
            Exit codes: 0 written; 2 no ledger, an unknown tenant, a ledger row the export cannot write, or an --out that is the ledger itself; \
            5 the output could not be written (FILE is left as it was).
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The journal's syntax.", valueName: "hledger|beancount"))
    var format: JournalFormat

    @Option(help: "Only this tenant's books (default: every tenant).")
    var tenant: String?

    @Option(help: ArgumentHelp("Write the journal to FILE instead of stdout.", valueName: "FILE"))
    var out: String?

    init() {}

    func run() throws {
        let path = database.path
        do {
            guard !LedgerReaders.isMissing(path) else { throw MissingLedger(path: path) }
            if let out, Self.isLedgerFile(out, database: path) { throw OutIsTheLedger(out: out) }
            let store = try LedgerReaders.open(path: path)
            let output = try out.map(JournalOutput.replacing) ?? JournalOutput.standardOutput()
            let written: JournalExport.Written
            do {
                written = try JournalScan.read(store, tenantID: tenant) { scan in
                    try JournalExport.write(scan, format: format, to: output)
                }
                try output.finish()
            } catch {
                output.abandon()
                throw error
            }
            if let out {
                print("ledger-recon export: \(written.entries) entries, \(written.accounts) accounts written to \(out) (\(format.rawValue))")
            }
        } catch {
            let exit: LedgerExit = error is ReportError ? .stoppedPartWay : .usageOrInput
            JobFailure.report(JobFailure.describe(error, database: path))
            throw exit.exitCode
        }
    }
}

extension ExportCommand {
    /// The files SQLite keeps a ledger in: renaming a journal over any of them would replace the books.
    static let ledgerFileSuffixes = ["", "-wal", "-shm", "-journal"]

    /// True when `out` is the ledger's file or one of its companions, by path or by identity
    /// (a hard link or a symlink to it, another spelling of the path).
    static func isLedgerFile(_ out: String, database: String) -> Bool {
        let outURL = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath()
        var outStatus = stat()
        let outExists = stat(out, &outStatus) == 0
        for suffix in ledgerFileSuffixes {
            let ledgerFile = database + suffix
            if URL(fileURLWithPath: ledgerFile).standardizedFileURL.resolvingSymlinksInPath() == outURL { return true }
            var ledgerStatus = stat()
            if outExists, stat(ledgerFile, &ledgerStatus) == 0,
               ledgerStatus.st_dev == outStatus.st_dev, ledgerStatus.st_ino == outStatus.st_ino {
                return true
            }
        }
        return false
    }
}

/// `--out` names the ledger itself.
struct OutIsTheLedger: Error, CustomStringConvertible {
    let out: String

    var description: String { "--out \(out) is the ledger database (or one of its files): give another file for the journal" }
}
