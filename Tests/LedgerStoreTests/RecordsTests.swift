import LedgerAPI
import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// Postings on user accounts are transaction records shaped like the seeds (SPEC §2 "Transaction records").
struct RecordsTests {
    struct Record: Equatable {
        var recordID: String, type: String, amount: Int64, before: Int64, after: Int64, related: String, counterparty: String
    }

    /// The user's records oldest first, as the `transactions` query derives them from the
    /// transfers rows; amount signed by direction (credit > 0) as a posting's.
    func records(_ ledger: LedgerFixture, _ kind: String, _ user: String) throws -> [Record] {
        let query = try TransactionQuery.parse(tenantID: "t1", userID: user, kind: kind, pageSize: TransactionQuery.maxPageSize)
        let page = try ledger.reader.read { try $0.transactions(query) }
        let debitTypes: Set<String> = ["spend", "transfer_out"]
        switch page.items {
        case .points(let records):
            return records.reversed().map {
                Record(recordID: $0.id, type: $0.type, amount: debitTypes.contains($0.type) ? -$0.amount : $0.amount,
                       before: $0.balanceBefore, after: $0.balanceAfter, related: $0.relatedID, counterparty: "")
            }
        case .wallet(let records):
            return records.reversed().map {
                Record(recordID: $0.id, type: $0.type, amount: debitTypes.contains($0.type) ? -$0.amount : $0.amount,
                       before: $0.balanceBefore, after: $0.balanceAfter, related: "", counterparty: $0.counterpartyID)
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func pointsTransfersAreSpendAndEarnNamingEachOther(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
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
        let sender = try #require(ledger.engine.state(of: AccountKey(tenantID: "t1", kind: .points, asset: "cash_equivalent", userID: "alice")))
        let receiver = try #require(ledger.engine.state(of: AccountKey(tenantID: "t1", kind: .points, asset: "cash_equivalent", userID: "bob")))
        #expect(sender.totalSpent == 300 && sender.totalEarned == 1_000 && receiver.totalEarned == 300)
        // Opened at version 1, bumped by the opening entry and again by the transfer.
        #expect(sender.version == 3 && receiver.version == 2)
        #expect(try ledger.violations().isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func walletTransfersAreTransferOutAndIn(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        _ = try ledger.apply(walletRow("alice", "bob", "12.34"))
        let alice = try records(ledger, "wallet", "alice"), bob = try records(ledger, "wallet", "bob")
        #expect(alice.map(\.type) == ["deposit", "transfer_out"])
        #expect(bob.map(\.type) == ["transfer_in"])
        #expect(alice[1].counterparty == "bob" && bob[0].counterparty == "alice")
        #expect(alice.allSatisfy { $0.recordID.hasPrefix("txn_") })
    }

    @Test(arguments: StoreBackend.all)
    func ledgerIsAppendOnly(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        _ = try ledger.apply(walletRow("alice", "bob", "1", description: "rent"))
        // Texts: in the transfer's own row in SQLite (schema v6), in `transfer_texts` in PostgreSQL.
        let texts = backend.name == StoreBackend.sqlite.name ? ["UPDATE transfers SET source = 'edited'"]
            : ["UPDATE transfer_texts SET source = 'edited'", "DELETE FROM transfer_texts"]
        for statement in ["UPDATE transfers SET amount = 1", "DELETE FROM transfers"] + texts {
            #expect(throws: (any Error).self, "\(statement)") { try ledger.execute(statement) }
        }
        #expect(try ledger.integer("SELECT COUNT(*) FROM transfers WHERE amount = 100") == 1, "the entry is as written")
    }
}

/// A bulk import may drop the history index and build it at the end; a crash in between must not
/// leave the ledger without it.
struct HistoryIndexTests {
    func historyIndexExists(_ ledger: LedgerFixture) throws -> Bool {
        try ledger.database.indexNames().isSuperset(of: ["transfers_debit_history", "transfers_credit_history"])
    }

    @Test(arguments: StoreBackend.all)
    func aSuspendedIndexIsRebuiltByRestoreOrByTheNextOpen(_ backend: StoreBackend) throws {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        try ledger.engine.suspendHistoryIndex()
        #expect(try !historyIndexExists(ledger))
        _ = try ledger.apply(walletRow("alice", "bob", "1"))
        try ledger.engine.restoreHistoryIndex()
        #expect(try historyIndexExists(ledger))

        // Killed while suspended: opening the file again builds it.
        try ledger.engine.suspendHistoryIndex()
        try ledger.database.reopen()
        #expect(try historyIndexExists(ledger))
        #expect(try ledger.violations().isEmpty)
    }
}
