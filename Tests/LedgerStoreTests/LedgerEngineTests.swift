import Foundation
import LedgerCore
import LedgerStorage
import LedgerStore
import Testing

/// `LedgerEngine` through the write protocol (every backend): the batched key look-up with its
/// in-batch overlay, and SPEC §2's rejection order decided in one place.
struct LedgerEngineTests {
    private func fixture(_ backend: StoreBackend) throws -> LedgerFixture {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 1_000), ledger.wallet("t1", "bob", 0), ledger.wallet("t1", "carol", 5_000))
        return ledger
    }

    /// The rows below as results.csv would show them, with transfer ids replaced by their order of appearance.
    private func shown(_ outcomes: [TransferOutcome]) -> [String] {
        var ids: [String: String] = [:]
        func name(_ id: String) -> String {
            if let known = ids[id] { return known }
            ids[id] = "T\(ids.count + 1)"
            return ids[id]!
        }
        return outcomes.map { outcome in
            switch outcome {
            case .applied(let id): return "applied \(name(id))"
            case .duplicate(let id): return "duplicate of \(name(id))"
            case .rejected(let rejection):
                var message = rejection.message
                for (id, alias) in ids { message = message.replacingOccurrences(of: id, with: alias) }
                return "\(rejection.code.rawValue): \(message)"
            }
        }
    }

    private let repeatedKey = [
        walletRow("alice", "bob", "1.00", key: "k1", line: 2),
        walletRow("alice", "bob", "1.00", key: "k1", line: 3),
        walletRow("alice", "bob", "2.00", key: "k1", line: 4),
        walletRow("alice", "ghost", "2.00", key: "k1", line: 5),
    ]

    /// The batch's keys are looked up before its inserts, so a key repeated inside it is found in
    /// the engine's overlay: duplicate, or idempotency_conflict before not_found.
    @Test(arguments: StoreBackend.all)
    func aKeyRepeatedInsideOneBatchFindsTheBatchsEarlierRow(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let outcomes = try ledger.apply(repeatedKey)
        #expect(shown(outcomes) == [
            "applied T1",
            "duplicate of T1",
            "idempotency_conflict: idempotency_key 'k1' was used for a different request at transfers.csv:2 (run test-run, transfer T1); differs in amount",
            "idempotency_conflict: idempotency_key 'k1' was used for a different request at transfers.csv:2 (run test-run, transfer T1); differs in to_user_id, amount",
        ])
        let stored = try ledger.integer("SELECT COUNT(*) FROM transfers WHERE idempotency_key = 'k1'")
        #expect(stored == 1)
        #expect(ledger.balance("t1", .wallet, "CNY", "alice") == 900)
        #expect(try ledger.violations().isEmpty)
    }

    /// The same rows one batch each (every look-up then reaches the store) decide exactly the same.
    @Test(arguments: StoreBackend.all)
    func aKeyRepeatedAcrossBatchesIsDecidedTheSame(_ backend: StoreBackend) throws {
        let inOneBatch = try shown(fixture(backend).apply(repeatedKey))
        let ledger = try fixture(backend)
        var oneByOne: [TransferOutcome] = []
        for row in repeatedKey { oneByOne += try ledger.apply([row]) }
        #expect(shown(oneByOne) == inOneBatch)
    }

    /// A rejected row does not consume its key, inside a batch too: the same request later in the
    /// batch, once funds arrived, is applied.
    @Test(arguments: StoreBackend.all)
    func aRejectedRowLeavesItsKeyFreeInsideTheBatch(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let outcomes = try ledger.apply(
            walletRow("alice", "bob", "20.00", key: "k", line: 2),
            walletRow("carol", "alice", "20.00", key: "k2", line: 3),
            walletRow("alice", "bob", "20.00", key: "k", line: 4)
        )
        #expect(outcomes[0].code == .insufficientBalance)
        #expect(shown(Array(outcomes.dropFirst())) == ["applied T1", "applied T2"])
        #expect(ledger.balance("t1", .wallet, "CNY", "bob") == 2_000)
    }

    /// First in the order: a decision recorded for the row by the run whose finished file covers
    /// the batch. The row stays rejected as decided, naming that run, though it would apply now.
    @Test(arguments: StoreBackend.all)
    func aRecordedDecisionComesBeforeEveryOtherRule(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let request = try #require(try RequestValidator.validate(walletRow("alice", "bob", "50.00", key: "k9", line: 2),
                                                                 keys: &ledger.keys).request.get())
        let file = BatchFile(position: 0, path: "/night/transfers.csv",
                             end: InputCheckpoint(rows: 1, bytes: 64, digest: [1, 2, 3]), fileSHA256: [4, 5, 6])
        let first = try ledger.engine.decide(TransferBatch(requests: [request], file: file))
        #expect(first.outcomes[0].code == .insufficientBalance)
        _ = try ledger.apply(walletRow("carol", "alice", "50.00", key: "topup"))

        let again = try ledger.nextEngine(runID: "run-2")
        let covering = try #require(try again.decidedInputs(positions: 1)[0].first)
        #expect(covering.use == .replay && covering.runID == "test-run")
        let replayed = try again.decide(TransferBatch(requests: [request], file: file, coveredBy: covering))
        #expect(replayed.outcomes[0].code == .insufficientBalance)
        #expect(replayed.outcomes[0].rejection?.message.hasSuffix("(decided by run test-run)") == true)
        // Not covered, the same request is decided afresh: its key was never consumed.
        #expect(shown(try again.apply([request])) == ["applied T1"])
    }

    /// The engine computes every link (tenant settings, account openings, entries) and hands the
    /// heads to the store with each transaction: the stored chain verifies, ends where the engine's
    /// heads say, and a fresh engine continues from the same heads.
    @Test(arguments: StoreBackend.all)
    func theHashChainGoesThroughTheStore(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        _ = try ledger.apply(walletRow("alice", "bob", "1.00", key: "k1"), walletRow("carol", "bob", "2.00", key: "k2"))
        try ledger.engine.upsert(TenantUpdate(tenantID: "t2", name: "Renamed", transferEnabled: true))
        let check = try ledger.reader.read { try HashChainCheck($0) }
        #expect(check.violations.isEmpty)
        #expect(check.heads == ledger.engine.chainHeads)
        // t1: its settings, the system account and three users, two openings with a balance, two transfers.
        #expect(ledger.engine.chainHeads["t1"]?.links == 9)
        let fresh = try ledger.nextEngine(runID: "next-run")
        #expect(fresh.chainHeads == ledger.engine.chainHeads)
    }

    /// `verify` recomputes the chain on a worker thread, in blocks of 1,024 copied entries
    /// (`HashChainCheck.Pass`): over several blocks the chain still holds and ends at the engine's
    /// heads, and an entry edited in the third block is the tenant's one break, named.
    @Test(arguments: StoreBackend.all)
    func theChainIsRecomputedAcrossBlocksOnTheWorker(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let rows = (0..<3_500).map { index in
            walletRow(index % 2 == 0 ? "alice" : "bob", index % 2 == 0 ? "bob" : "alice", "0.01", key: "k\(index)",
                      description: index % 7 == 0 ? "note \(index)" : "", line: index + 2)
        }
        let outcomes = try ledger.apply(rows)
        #expect(outcomes.allSatisfy { $0.rejection == nil })
        let check = try ledger.reader.read { try HashChainCheck($0) }
        #expect(check.violations.isEmpty)
        #expect(check.heads == ledger.engine.chainHeads)

        try ledger.tamper("UPDATE transfers SET amount = 2 WHERE idempotency_key = 'k2600'")
        let tampered = try ledger.reader.read { try HashChainCheck($0) }
        #expect(tampered.violations.count == 1)
        let violation = try #require(tampered.violations.first)
        #expect(violation.check == .hashChain && violation.tenantID == "t1")
        let transferID = try #require(outcomes[2_600].transferID)
        #expect(violation.detail.contains(transferID), "\(violation.detail)")
    }
}
