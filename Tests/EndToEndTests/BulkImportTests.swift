import Foundation
import GRDB
import Testing

/// A bulk import (SPEC §6: more incoming postings than the ledger holds, 200,000 at least) drops
/// the history indexes and builds them once at the end -- on SQLite beside the run's checks, which
/// read the committed ledger through a connection of their own. The indexes must be whole and the
/// checks must have seen every transfer.
struct BulkImportTests {
    /// 112,000 rows of ~100 bytes: 224,000 incoming postings by the run's estimate, a bulk import.
    static let rowCount = 112_000

    @Test func aBulkImportBuildsBothHistoryIndexesWholeAndChecksEveryTransfer() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("bulk.csv", InputFiles.backAndForth(count: Self.rowCount))
        let outcome = try box.runNight(transfers: ["bulk.csv"], expected: nil)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr.contains("bulk import: the history index is rebuilt once at the end"))
        // SQLite builds it beside the checks; PostgreSQL, one after the other.
        let besideChecks = outcome.stderr.contains("history index (beside the checks):")
        #expect(besideChecks == (box.backend == .sqlite), "\(outcome.stderr)")

        let summary = try box.summary()
        #expect(summary.read == Self.rowCount && summary.applied == Self.rowCount)
        #expect(summary.failedChecks.isEmpty, "\(box.breaksText)")
        // The checks scanned the whole import: every posting was accounted for.
        #expect(summary.checks["input_accounted"]?.status == "pass")
        #expect(try box.transferEntries() == Self.rowCount)
        let indexes = switch box.backend {
        case .sqlite: try box.strings("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'transfers_%_history' ORDER BY name")
        case .postgresql: try box.strings("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'transfers_%_history' ORDER BY indexname")
        }
        #expect(indexes == ["transfers_credit_history", "transfers_debit_history"])

        // The run merged its write-ahead log into the file: a copy of the file alone is the whole ledger.
        if box.backend == .sqlite {
            let copy = box.url("copy.sqlite").path
            try FileManager.default.copyItem(atPath: box.db, toPath: copy)
            let copied = try DatabaseQueue(path: copy).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transfers WHERE entry_type = 'transfer'") }
            #expect(copied == Self.rowCount)
        }

        // verify's storage check compares each index with its table's rows; a user's history,
        // listed through the index, holds every leg of theirs (the import's and the opening entry).
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "\(verify)")
        let listing = try box.run(["transactions", "--db", box.db, "--tenant", "tnt_sh_tea", "--user", "usr_li_wei",
                                   "--kind", "wallet", "--page-size", "1"])
        #expect(listing.status == 0, "\(listing)")
        let page = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [String: Any])
        let pagination = try #require(page["pagination"] as? [String: Any])
        #expect(pagination["total"] as? Int == Self.rowCount + 1, "\(listing.stdout)")
    }
}
