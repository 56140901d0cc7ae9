import Foundation
import GRDB
import LedgerCore
import LedgerStorage

/// Check `hash_chain` over a SQLite ledger (SPEC §7): every tenant's chain recomputed from
/// genesis and the state it implies compared with the stored state (`ChainVerifier`), and every
/// head the runs table recorded must be a link of its tenant's chain.
///
/// One pass over the transfers, after reading tenants and accounts; memory grows with accounts.
public struct HashChainCheck {
    /// At most one break per tenant (and one per row that names no tenant).
    public private(set) var violations: [CheckViolation]
    private let verifier: ChainVerifier

    /// Recomputes every chain; `watching` are heads recorded elsewhere (a manifest's) whose
    /// verdict the caller reads with `verdict(tenantID:head:)`.
    public init(_ db: Database, watching: [ChainHeadEntry] = []) throws {
        let rows = try LedgerChainRows(db)
        var verifier = ChainVerifier(tenants: rows.tenants, tenantChanges: rows.tenantChanges, accounts: rows.accounts)
        let (recorded, unreadable) = try RunChainHeads.recorded(db)
        for entry in recorded.map(\.entry) + watching {
            if let head = entry.head { verifier.watch(tenantID: entry.tenantID, head: head) }
        }
        try rows.entries(db) { verifier.add($0) }
        var violations = verifier.finish()
        // A tenant whose chain holds must still pass through every head a run recorded: links
        // deleted at the end, with the stored head rewritten to match, leave the chain whole.
        var flagged = Set(violations.map { OpaqueID($0.tenantID) })
        for record in recorded where !flagged.contains(OpaqueID(record.entry.tenantID)) {
            guard let head = record.entry.head else { continue }
            let verdict = verifier.verdict(tenantID: record.entry.tenantID, head: head)
            guard verdict != .holds else { continue }
            flagged.insert(OpaqueID(record.entry.tenantID))
            violations.append(CheckViolation(
                check: .hashChain, tenantID: record.entry.tenantID, field: "run_heads",
                detail: "tenant \(record.entry.tenantID): run \(record.runID) recorded the head \(head) \(record.moment) it, "
                    + "which the chain does not pass through (\(HashChainCheck.explain(verdict))): the chain or the runs table was edited"))
        }
        violations += unreadable.map { runID in
            CheckViolation(check: .hashChain, field: "run_heads",
                           detail: "run \(runID) has chain heads that are not a list of heads: the runs table was edited")
        }
        self.violations = violations
        self.verifier = verifier
    }

    /// Whether `tenantID`'s chain passes through `head` (one of `watching`, or a run's).
    public func verdict(tenantID: String, head: ChainHead) -> ChainVerifier.HeadVerdict {
        verifier.verdict(tenantID: tenantID, head: head)
    }

    /// The recomputed head of every tenant whose chain holds.
    public var heads: ChainHeads { verifier.heads }

    /// A verdict in words, for a break's detail or a problem line.
    public static func explain(_ verdict: ChainVerifier.HeadVerdict) -> String {
        switch verdict {
        case .holds: "the chain passes through it"
        case .differs(let recomputed): "that link's hash is \(recomputed.hex) now"
        case .beyondChain(let links): "the chain has only \(links) link\(links == 1 ? "" : "s")"
        case .broken(let position): "the chain breaks at link \(position), at or before it"
        case .unknownTenant: "the ledger has no such tenant"
        }
    }
}

/// The heads each run recorded before and after it (`runs.heads_before`, `heads_after`).
public enum RunChainHeads {
    public enum Moment: String, Sendable {
        case before, after
    }

    /// Records every tenant's head at the run's start or end in its runs row.
    public static func record(_ heads: ChainHeads, _ moment: Moment, runID: String, in db: Database) throws {
        let text = try encoded(heads)
        try db.execute(sql: "UPDATE runs SET heads_\(moment.rawValue) = ? WHERE run_id = ?", arguments: [text, runID])
    }

    /// The heads as a runs row stores them: a JSON list of `ChainHeadEntry`.
    public static func encoded(_ heads: ChainHeads) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(heads.entries), as: UTF8.self)
    }

    /// One head a run recorded.
    struct Recorded {
        var runID: String
        var moment: String
        var entry: ChainHeadEntry
    }

    /// Every head every run recorded, in run order, and the runs whose column is not such a list
    /// (NULL is no record: a run before the chain, or a dry run's).
    static func recorded(_ db: Database) throws -> (recorded: [Recorded], unreadable: [String]) {
        var recorded: [Recorded] = [], unreadable: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT run_id, heads_before, heads_after FROM runs ORDER BY id") {
            for (moment, column) in [("before", 1), ("after", 2)] {
                guard let text = row[column] as String? else { continue }
                guard let entries = try? JSONDecoder().decode([ChainHeadEntry].self, from: Data(text.utf8)),
                      entries.allSatisfy({ $0.head != nil }) else {
                    unreadable.append(row[0])
                    continue
                }
                recorded += entries.map { Recorded(runID: row[0], moment: moment, entry: $0) }
            }
        }
        return (recorded, unreadable)
    }

    /// Every tenant's head as the ledger stores it now (where the next link continues).
    public static func current(_ db: Database) throws -> ChainHeads {
        try ChainRecorder.storedHeads(db)
    }
}
