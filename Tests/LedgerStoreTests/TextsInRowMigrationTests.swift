import Foundation
import GRDB
import LedgerAPI
import LedgerCore
@testable import LedgerStore
import LedgerStorage
import Testing

/// v6 (`LedgerSchema.textsInRowMigration`): a transfer's texts in its own row. A ledger written
/// before keeps its texts in `transfer_texts` and every reader still finds them; a ledger written
/// by a later release is refused rather than misread.
struct TextsInRowMigrationTests {
    static let textColumns = ["description", "reason", "source", "reference_id", "source_file"]

    /// Puts a v6 ledger back as v5 wrote it: texts in `transfer_texts`, no text columns on
    /// `transfers`, v6 not applied.
    static func rewriteAsBeforeV6(_ store: LedgerStore) throws {
        try store.queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                INSERT INTO transfer_texts (transfer, description, reason, source, reference_id, source_file)
                SELECT id, description, reason, source, reference_id, source_file FROM transfers WHERE description IS NOT NULL
                """)
            for column in textColumns { try db.execute(sql: "ALTER TABLE transfers DROP COLUMN \(column)") }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [LedgerSchema.textsInRowMigration])
        }
    }

    func alicesDescriptions(_ ledger: LedgerFixture) throws -> [String] {
        let query = try TransactionQuery.parse(tenantID: "t1", userID: "alice", kind: "wallet", currency: nil, type: "transfer_out",
                                               page: 1, pageSize: 20)
        let page = try ledger.reader.read { try $0.transactions(query) }
        guard case .wallet(let records) = page.items else { return [] }
        return records.map(\.description)
    }

    @Test func newTransfersKeepTheirTextsInTheirOwnRow() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        _ = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1", description: "lunch"), walletRow("alice", "bob", "2.00", key: "k2"))
        #expect(try ledger.strings("SELECT COUNT(*) FROM transfer_texts") == ["0"])
        // Texts in the row of each transfer (its file name is one of them here: no input file is
        // recorded); none for the opening entry, whose texts are implied.
        #expect(try ledger.strings("SELECT COALESCE(description, 'none') FROM transfers ORDER BY id") == ["none", "lunch", ""])
        #expect(try alicesDescriptions(ledger) == ["", "lunch"])
    }

    @Test func aLedgerFromBeforeV6KeepsItsTextsWhereTheyAreAndAddsNewOnesToTheRow() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        _ = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1", description: "lunch"), walletRow("alice", "bob", "2.00", key: "k2"))
        try TextsInRowMigrationTests.rewriteAsBeforeV6(ledger.store)
        #expect(try ledger.strings("SELECT COUNT(*) FROM transfer_texts") == ["2"])

        // A read-only command and a dry run leave it to a run; the next writer adds the columns,
        // rewriting nothing.
        #expect(throws: LedgerStoreError.self) { _ = try LedgerStore(path: ledger.store.path, readOnly: true) }
        #expect(throws: LedgerStoreError.self) { _ = try LedgerStore(path: ledger.store.path, upgrades: false) }
        #expect(try ledger.strings("SELECT COUNT(*) FROM grdb_migrations WHERE identifier = '\(LedgerSchema.textsInRowMigration)'") == ["0"])
        _ = try LedgerStore(path: ledger.store.path)
        let columns = try ledger.store.queue.read { db in try db.columns(in: "transfers").map(\.name) }
        #expect(Set(TextsInRowMigrationTests.textColumns).isSubset(of: columns))
        #expect(try ledger.strings("SELECT COUNT(*) FROM transfers WHERE description IS NOT NULL") == ["0"])

        let next = try ledger.nextEngine(runID: "after-upgrade")
        var keys = DerivedKeyCounter()
        let request = try RequestValidator.validate(walletRow("alice", "bob", "3.00", key: "k3", description: "dinner"),
                                                    keys: &keys).request.get()
        _ = try next.apply([request])
        #expect(try ledger.strings("SELECT COUNT(*) FROM transfer_texts") == ["2"])
        #expect(try ledger.strings("SELECT description FROM transfers WHERE description IS NOT NULL") == ["dinner"])

        // Queries, the checks and the hash chain (which covers every text) read both places.
        #expect(try alicesDescriptions(ledger) == ["dinner", "", "lunch"])
        #expect(try ledger.violations().isEmpty)
        #expect(try ledger.reader.read { try HashChainCheck($0) }.violations.isEmpty)
        // A text edited where an old entry keeps it still breaks its tenant's chain.
        try ledger.tamper("UPDATE transfer_texts SET description = 'rent'")
        #expect(try ledger.reader.read { try HashChainCheck($0) }.violations.map(\.check) == [.hashChain])
    }

    @Test func aLedgerOfALaterReleaseIsRefused() throws {
        let ledger = try LedgerFixture()
        try ledger.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99 from a later release')")
        for readOnly in [false, true] {
            #expect {
                _ = try LedgerStore(path: ledger.store.path, readOnly: readOnly)
            } throws: { error in
                guard case .writtenByLaterRelease = error as? LedgerStoreError else { return false }
                return "\(error)".contains("later release")
            }
        }
    }
}
