import Foundation
import LedgerCore
import LedgerReports
import LedgerStorage

/// `verify --report DIR` (SPEC §7): checks one report set against its manifest.json.
///
/// It writes no report directory of its own: its answer is the lines it prints, and the set it
/// checks may have been mailed to a finance reader who has no reports directory, no ledger and no
/// right to write beside the set. A check that wrote files next to the set would also change what
/// the next check sees.
extension VerifyCommand {
    /// Prints the set, one line per problem, and `exit N: meaning` last.
    func checkReportSet(_ directory: String) -> LedgerExit {
        let explicitDatabase = database.explicitPath
        return JobFailure.exitCode(database: explicitDatabase ?? database.path) {
            let check: ReportSetCheck
            do {
                check = try ReportSetCheck(directory: directory, expectedManifestSHA256: manifestSHA256)
            } catch let unavailable as ReportSetCheck.Unavailable {
                JobFailure.report(unavailable.description)
                print("exit \(LedgerExit.usageOrInput.rawValue): no report set to check in \(directory)")
                return .usageOrInput
            }
            var lines = ["ledger-recon verify --report \(directory)"]
            if let manifest = check.manifest {
                lines.append("  set:      \(manifest.command) \(manifest.runID)\(manifest.dryRun ? " (dry run)" : "")"
                             + "\(manifest.tenantID.map { ", tenant \($0)" } ?? ""), written \(manifest.createdAt), "
                             + "\(check.filesChecked) files checked")
            }
            lines.append("  manifest: sha256 \(check.manifestSHA256.isEmpty ? "(unreadable)" : check.manifestSHA256)"
                         + (manifestSHA256 == nil ? " (compare it with the night's log, or pass --manifest-sha256)" : ""))
            var problems = check.problems
            if let manifest = check.manifest {
                let heads = try chainHeadProblems(manifest, databasePath: explicitDatabase)
                lines.append("  ledger:   " + heads.summary)
                problems += heads.problems
            }
            let exit: LedgerExit = problems.isEmpty ? .balanced : .checkFailed
            lines += problems.map { "  problem:  \($0)" }
            lines.append(exit == .balanced
                ? "exit 0: the report set is intact: every file is the one ledger-recon wrote"
                : "exit 1: the report set is not the one ledger-recon wrote (\(problems.count) problem\(problems.count == 1 ? "" : "s") above)")
            print(lines.joined(separator: "\n"))
            return exit
        }
    }

    /// Whether the ledger at `databasePath` still passes through the manifest's chain heads; a
    /// line saying what was checked, and one line per head that fails.
    ///
    /// For each tenant in `manifest.ledgerHeads`, the ledger's chain is recomputed from genesis:
    /// the link the head names must hold and have the head's hash (a tenant folder's manifest holds
    /// its own tenant's head only). A break later in the chain does not fail the set — the set
    /// still describes the ledger as it was — but the line says so: run `verify` for it.
    func chainHeadProblems(_ manifest: ReportManifest, databasePath: String?) throws -> (summary: String, problems: [String]) {
        guard let databasePath else {
            return ("not checked (no --db given: the files alone were checked)", [])
        }
        guard !LedgerReaders.isMissing(databasePath) else { throw MissingLedger(path: databasePath) }
        let store = try LedgerReaders.open(path: databasePath)
        guard !manifest.ledgerHeads.isEmpty else {
            return ("\(databasePath) opened; the set records no chain heads (ledgers before the hash chain have none)", [])
        }
        let heads = manifest.ledgerHeads.sorted { OpaqueID($0.key) < OpaqueID($1.key) }
        var watched: [(tenantID: String, head: ChainHead?)] = []
        var problems: [String] = []
        for (tenantID, recorded) in heads {
            guard let hash = ChainHash(hex: recorded.hash), let links = recorded.links else {
                problems.append("ledger_heads: tenant \(tenantID)'s head is not a link number and a SHA-256: the manifest was edited")
                continue
            }
            watched.append((tenantID, ChainHead(links: links, hash: hash)))
        }
        let check = try store.read { snapshot in
            try HashChainCheck(snapshot, watching: watched.compactMap { entry in entry.head.map { ChainHeadEntry(tenantID: entry.tenantID, head: $0) } })
        }
        var holding = 0
        for (tenantID, head) in watched {
            guard let head else { continue }
            let verdict = check.verdict(tenantID: tenantID, head: head)
            if verdict == .holds {
                holding += 1
            } else {
                problems.append("ledger_heads: tenant \(tenantID): the ledger's chain does not pass through the head the set "
                                + "records (\(head)): \(HashChainCheck.explain(verdict))")
            }
        }
        let later = check.violations.count
        let summary = "\(databasePath): \(holding) of \(heads.count) chain heads are links of its chains"
            + (later > 0 ? "; its chains break \(later) time\(later == 1 ? "" : "s") (run ledger-recon verify)" : "")
        return (summary, problems)
    }
}
