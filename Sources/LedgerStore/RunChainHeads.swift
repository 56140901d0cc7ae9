import Foundation
import GRDB
public import LedgerCore
import LedgerStorage

/// The heads each run recorded before and after it (`runs.heads_before`, `heads_after`).
public enum RunChainHeads {
    public enum Moment: String, Sendable {
        case before, after
    }

    /// Records every tenant's head at the run's start or end in its runs row.
    static func record(_ heads: ChainHeads, _ moment: Moment, runID: String, in db: Database) throws {
        let text = try encoded(heads)
        try db.execute(sql: "UPDATE runs SET heads_\(moment.rawValue) = ? WHERE run_id = ?", arguments: [text, runID])
    }

    /// The heads as a runs row stores them: a JSON list of `ChainHeadEntry`.
    public static func encoded(_ heads: ChainHeads) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(heads.entries), as: UTF8.self)
    }

    /// Every head every run recorded, in run order, and the runs whose column is not such a list
    /// (NULL is no record: a run before the chain, or a dry run's).
    static func recorded(_ db: Database) throws -> (recorded: [RecordedChainHead], unreadable: [String]) {
        var recorded: [RecordedChainHead] = [], unreadable: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT run_id, heads_before, heads_after FROM runs ORDER BY id") {
            for (moment, column) in [("before", 1), ("after", 2)] {
                guard let text = row[column] as String? else { continue }
                guard let entries = try? JSONDecoder().decode([ChainHeadEntry].self, from: Data(text.utf8)),
                      entries.allSatisfy({ $0.head != nil }) else {
                    unreadable.append(row[0])
                    continue
                }
                recorded += entries.map { RecordedChainHead(runID: row[0], moment: moment, entry: $0) }
            }
        }
        return (recorded, unreadable)
    }

    /// Every tenant's head as the ledger stores it now (where the next link continues).
    static func current(_ db: Database) throws -> ChainHeads {
        try ChainHeadRows.storedHeads(db)
    }
}
