import GRDB
import LedgerCore
import LedgerStore
import Testing

/// Postings on user accounts are transaction records shaped like the seeds (SPEC §2 "Transaction records").
struct RecordsTests {
    struct Record: Equatable {
        var recordID: String, type: String, amount: Int64, before: Int64, after: Int64, related: String, counterparty: String
    }

    func records(_ ledger: LedgerFixture, _ kind: String, _ user: String) throws -> [Record] {
        try ledger.store.queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.record_id, p.record_type, p.amount, p.balance_before, p.balance_after, p.related_id, p.counterparty_id
                FROM postings p JOIN accounts a ON a.id = p.account_id
                WHERE a.kind = ? AND a.user_id = ? ORDER BY p.sequence
                """, arguments: [kind, user]).map {
                Record(recordID: $0[0], type: $0[1], amount: $0[2], before: $0[3], after: $0[4], related: $0[5], counterparty: $0[6])
            }
        }
    }

    @Test func pointsTransfersAreSpendAndEarnNamingEachOther() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.points("t1", "alice", 1_000), ledger.points("t1", "bob", 0))
        let outcome = try ledger.apply(pointsRow("alice", "bob", "300", reason: "生日礼物"))[0]
        #expect(outcome.status == "applied")
        let alice = try records(ledger, "points", "alice"), bob = try records(ledger, "points", "bob")
        #expect(alice.map(\.type) == ["adjust", "spend"])
        #expect(bob.map(\.type) == ["earn"])
        #expect(alice[1].amount == -300 && alice[1].before == 1_000 && alice[1].after == 700)
        #expect(bob[0].amount == 300 && bob[0].before == 0 && bob[0].after == 300)
        #expect(alice[1].related == bob[0].recordID && bob[0].related == alice[1].recordID)
        #expect(alice[1].recordID.count == 26, "points record ids are bare ULIDs")
        let sender = try #require(ledger.writer.state(of: AccountKey(tenantID: "t1", kind: .points, asset: "cash_equivalent", userID: "alice")))
        let receiver = try #require(ledger.writer.state(of: AccountKey(tenantID: "t1", kind: .points, asset: "cash_equivalent", userID: "bob")))
        #expect(sender.totalSpent == 300 && sender.totalEarned == 1_000 && receiver.totalEarned == 300)
        // Opened at version 1, bumped by the opening entry and again by the transfer.
        #expect(sender.version == 3 && receiver.version == 2)
        #expect(try ledger.violations().isEmpty)
    }

    @Test func walletTransfersAreTransferOutAndIn() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        _ = try ledger.apply(walletRow("alice", "bob", "12.34"))
        let alice = try records(ledger, "wallet", "alice"), bob = try records(ledger, "wallet", "bob")
        #expect(alice.map(\.type) == ["deposit", "transfer_out"])
        #expect(bob.map(\.type) == ["transfer_in"])
        #expect(alice[1].counterparty == "bob" && bob[0].counterparty == "alice")
        #expect(alice.allSatisfy { $0.recordID.hasPrefix("txn_") })
    }

    @Test func ledgerIsAppendOnly() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000))
        #expect(throws: DatabaseError.self) {
            try ledger.store.queue.write { db in try db.execute(sql: "UPDATE postings SET amount = 1") }
        }
        #expect(throws: DatabaseError.self) {
            try ledger.store.queue.write { db in try db.execute(sql: "DELETE FROM entries") }
        }
    }
}

/// A bulk import may drop the history index and build it at the end; a crash in between must not
/// leave the ledger without it.
struct HistoryIndexTests {
    func historyIndexExists(_ store: LedgerStore) throws -> Bool {
        try store.queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'index' AND name = 'postings_history'") ?? false
        }
    }

    @Test func aSuspendedIndexIsRebuiltByRestoreOrByTheNextOpen() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        try ledger.store.queue.inDatabase { db in try ledger.writer.suspendHistoryIndex(db) }
        #expect(try !historyIndexExists(ledger.store))
        _ = try ledger.apply(walletRow("alice", "bob", "1"))
        try ledger.store.queue.inDatabase { db in try ledger.writer.restoreHistoryIndex(db) }
        #expect(try historyIndexExists(ledger.store))

        // Killed while suspended: opening the file again builds it.
        try ledger.store.queue.inDatabase { db in try ledger.writer.suspendHistoryIndex(db) }
        let reopened = try LedgerStore(path: ledger.store.path)
        #expect(try historyIndexExists(reopened))
        #expect(try ledger.violations().isEmpty)
    }
}
