import Foundation
import LedgerCore
@testable import LedgerPostgres
import LedgerStorage
import PostgresNIO
import Testing

/// The write protocol's contract on PostgreSQL (`LedgerWriteStore`): a batch is all or nothing, a dry
/// run leaves nothing, row ids ascend in the order given, key look-ups tell the same request from a
/// reused key and see the open batch, another writer is caught, and a lost connection is told apart.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct PostgresWriteStoreTests {
    /// A fresh database with one tenant and two accounts, its store and its run's row id.
    struct Fixture {
        let ledger: PostgresLedger
        let store: PostgresWriteStore
        let tenant: Int64
        let accounts: (Int64, Int64)
        let run: Int64

        init(_ location: PostgresLocation) throws {
            ledger = try PostgresLedger.open(location, create: true, runID: "run-1")
            store = try PostgresWriteStore(ledger)
            let store = store
            (tenant, accounts, run) = try store.inBatchTransaction(beforeCommit: {}) {
                let tenant = try store.upsertTenant(TenantConfig(tenantID: "tnt_a", name: "A", transferEnabled: true), updatedAt: 1)
                let run = try store.ensureRun(runID: "run-1", startedAt: 1)
                let first = try store.insertAccount(Fixture.account(tenant: tenant, user: "usr_1"))
                let second = try store.insertAccount(Fixture.account(tenant: tenant, user: "usr_2"))
                return (tenant, (first, second), run)
            }
        }

        static func account(tenant: Int64, user: String) -> NewAccountRecord {
            NewAccountRecord(
                accountID: "acc_" + user, tenantRowID: tenant, key: AccountKey(tenantID: "tnt_a", kind: .wallet, asset: "CNY", userID: user),
                applicationID: "", opened: nil, origin: "accounts.csv:2", createdAt: 1, state: AccountState(balance: 1_000),
                postedCredits: 1_000, chainLink: ChainHead(links: 1, hash: ChainHash(bytes: [UInt8](repeating: 7, count: 32))!))
        }

        static func digest(_ seed: UInt8) -> RequestDigest { RequestDigest(bytes: [UInt8](repeating: seed, count: 32))! }

        func transfer(_ number: Int, key: String? = nil, digest: UInt8 = 1, texts: TransferTexts = TransferTexts()) -> TransferRecord {
            TransferRecord(
                tenantRowID: tenant, entryType: .transfer,
                legs: TransferLegs(debitAccount: accounts.0, creditAccount: accounts.1, amount: Int64(number), debitSequence: Int64(number),
                                   debitBalanceAfter: -Int64(number), creditSequence: Int64(number), creditBalanceAfter: Int64(number)),
                createdAt: 1_000 + Int64(number), ulid: TransferULID(UInt128(number)), idempotencyKey: key ?? "key-\(number)",
                fingerprint: Fixture.digest(digest), runRowID: run, inputFile: nil, line: number + 1, texts: texts,
                chainHash: ChainHash(bytes: [UInt8](repeating: UInt8(truncatingIfNeeded: number), count: 32))!)
        }

        func probe(_ key: String, digest: UInt8 = 1) -> KeyProbe {
            KeyProbe(tenantRowID: tenant, tenantID: "tnt_a", key: key, digest: Fixture.digest(digest))
        }

        func count(_ table: String) throws -> Int64 {
            try ledger.session.rows(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")) { try $0.decode(Int64.self) }.first ?? -1
        }

        func transferIDs() throws -> [Int64] {
            try ledger.session.rows("SELECT id FROM transfers ORDER BY line") { try $0.decode(Int64.self) }
        }
    }

    struct Planned: Error {}

    /// What `body` threw, nil for nothing.
    static func thrown(_ body: () throws -> Void) -> (any Error)? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func aBatchThatThrowsLeavesNothingAndGivesItsIdsAgain() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let fixture = try Fixture(location)
            defer { fixture.ledger.close() }
            let store = fixture.store
            let failed = Self.thrown {
                try store.inBatchTransaction(beforeCommit: { throw Planned() }) {
                    try store.appendTransfers((1...10_000).map { fixture.transfer($0) })
                    _ = try store.insertAccount(Fixture.account(tenant: fixture.tenant, user: "usr_3"))
                    try store.recordProgress(inputFile: try store.createInputFile(runID: "run-1", position: 0, path: "t.csv", resumes: nil),
                                             end: InputCheckpoint(rows: 1, bytes: 10, digest: [1]), fileSHA256: nil, rejections: [])
                }
            }
            #expect(failed is Planned)
            #expect(try fixture.count("transfers") == 0)
            #expect(try fixture.count("accounts") == 2)
            #expect(try fixture.count("input_files") == 0)
            #expect(try store.highestTransferRowID() == 0)
            let account = try store.inBatchTransaction(beforeCommit: {}) {
                try store.appendTransfers([fixture.transfer(1)])
                return try store.insertAccount(Fixture.account(tenant: fixture.tenant, user: "usr_3"))
            }
            #expect(try fixture.transferIDs() == [1])
            #expect(account == 3)
        }
    }

    @Test func aDryRunLeavesNothing() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let fixture = try Fixture(location)
            defer { fixture.ledger.close() }
            let store = fixture.store
            try store.beginDryRun()
            _ = try store.ensureRun(runID: "run-dry", startedAt: 2)
            try store.suspendHistoryIndex()
            try store.inBatchTransaction(beforeCommit: {}) {
                try store.appendTransfers((1...20).map { fixture.transfer($0) })
                try store.writeBalances([BalanceWrite(rowID: fixture.accounts.0, tenantRowID: fixture.tenant,
                                                      state: AccountState(balance: -5))], updatedAt: 9)
            }
            // A batch that fails inside the dry run rolls back to its savepoint only.
            let failed = Self.thrown {
                try store.inBatchTransaction(beforeCommit: {}) {
                    try store.appendTransfers([fixture.transfer(21)])
                    throw Planned()
                }
            }
            #expect(failed is Planned)
            #expect(try store.highestTransferRowID() == 20)
            #expect(try store.lookUpKeys([fixture.probe("key-20"), fixture.probe("key-21")]).map(\.isSame) == [true, false])
            try store.rollBackDryRun()
            #expect(try fixture.count("transfers") == 0)
            #expect(try fixture.count("runs") == 1)
            #expect(try fixture.ledger.session.rows("SELECT balance FROM account_balances ORDER BY id") { try $0.decode(Int64.self) }
                == [1_000, 1_000])
            #expect(try fixture.ledger.session.rows("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'transfers_%_history'") {
                try $0.decode(Int64.self)
            } == [2])
        }
    }

    @Test func rowIdsAscendInTheOrderGivenAcrossChunksAndBatches() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let fixture = try Fixture(location)
            defer { fixture.ledger.close() }
            let store = fixture.store
            let count = PostgresWriteStore.flushRows * 2 + 77
            try store.inBatchTransaction(beforeCommit: {}) {
                for start in stride(from: 1, through: count, by: 1_024) {
                    try store.appendTransfers((start...min(start + 1_023, count)).map { fixture.transfer($0) })
                }
            }
            try store.inBatchTransaction(beforeCommit: {}) { try store.appendTransfers([fixture.transfer(count + 1)]) }
            #expect(try fixture.transferIDs() == (1...Int64(count + 1)).map { $0 })
            #expect(try store.highestTransferRowID() == Int64(count + 1))
            var scanned: [Int64] = []
            try store.scanLegsNewestFirst(rows: 5...9) { scanned.append($0.amount) }
            #expect(scanned == [9, 8, 7, 6, 5])
        }
    }

    @Test func keyLookUpsTellTheSameRequestFromAReusedKeyAndSeeTheOpenBatch() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let fixture = try Fixture(location)
            defer { fixture.ledger.close() }
            let store = fixture.store
            try store.inBatchTransaction(beforeCommit: {}) {
                try store.appendTransfers([fixture.transfer(1, key: "k-1", texts: TransferTexts(description: "奶茶\ttab", reason: "r"))])
            }
            let answers = try store.inBatchTransaction(beforeCommit: {}) {
                try store.appendTransfers([fixture.transfer(2, key: "k-2", digest: 2)])
                return try store.lookUpKeys([fixture.probe("k-2", digest: 2), fixture.probe("k-1", digest: 9), fixture.probe("none"),
                                             fixture.probe("k-1")])
            }
            guard case .same(let secondID, let origin) = answers[0] else { Issue.record("k-2: \(answers[0])"); return }
            #expect(secondID == "trf_" + TransferULID(2).text)
            #expect(origin == EntryOrigin(inputFile: nil, line: 3))
            guard case .different(let prior) = answers[1] else { Issue.record("k-1: \(answers[1])"); return }
            #expect(prior.transferID == "trf_" + TransferULID(1).text)
            #expect(prior.fingerprint.description == "奶茶\ttab" && prior.fingerprint.reason == "r")
            #expect(prior.fingerprint.fromUserID == "usr_1" && prior.fingerprint.toUserID == "usr_2" && prior.fingerprint.currency == "CNY")
            #expect(prior.runID == "run-1" && prior.origin.line == 2)
            #expect(answers[2].isNone)
            #expect(answers[3].isSame)
        }
    }

    @Test func aWriterThatBypassedTheLockStopsTheNextBatch() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let fixture = try Fixture(location)
            defer { fixture.ledger.close() }
            let store = fixture.store
            try store.inBatchTransaction(beforeCommit: {}) { try store.appendTransfers([fixture.transfer(1)]) }
            try PostgresTestServer.withSession(location) { other in
                try other.execute("""
                    INSERT INTO transfers (tenant, id, entry_type, debit_account, credit_account, amount, debit_sequence,
                        debit_balance_after, credit_sequence, credit_balance_after, created_at, ulid, run, line)
                    SELECT tenant, id + 1, entry_type, debit_account, credit_account, amount, debit_sequence + 1,
                        debit_balance_after, credit_sequence + 1, credit_balance_after, created_at, ulid, run, line FROM transfers
                    """)
            }
            let stopped = Self.thrown {
                try store.inBatchTransaction(beforeCommit: {}) { try store.appendTransfers([fixture.transfer(7)]) }
            }
            #expect(stopped as? PostgresStoreError == .foreignWrite(location))
            #expect(try fixture.count("transfers") == 2)
        }
    }

    @Test func aKilledConnectionStopsTheRunAndTheWatchKnowsWhatWasCommitted() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let fixture = try Fixture(location)
            defer { fixture.ledger.close() }
            let store = fixture.store
            let watch = PostgresCommitWatch(store)
            #expect(watch.hasCommits == false)
            try store.inBatchTransaction(beforeCommit: {}) { try store.appendTransfers([fixture.transfer(1)]) }
            #expect(watch.hasCommits == true)
            let untouched = PostgresCommitWatch(store)
            try PostgresTestServer.withSession(try PostgresTestServer.adminLocation()) { admin in
                try admin.execute("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = \(location.database) AND application_name LIKE 'ledger-recon run run-1%'
                    """)
            }
            var lost: PostgresStoreError?
            do {
                try store.inBatchTransaction(beforeCommit: {}) { try store.appendTransfers([fixture.transfer(2)]) }
            } catch let error as PostgresStoreError {
                lost = error
            }
            #expect(lost?.isConnectionLoss == true)
            #expect(lost?.description.contains("127.0.0.1") == true && lost?.description.contains("'\(location.database)'") == true)
            #expect(watch.hasCommits == true)
            #expect(untouched.hasCommits == false)
            let stored = try PostgresTestServer.withSession(location) { other in
                try other.rows("SELECT count(*) FROM transfers") { try $0.decode(Int64.self) }
            }
            #expect(stored == [1])
        }
    }

    @Test func openingForARunRebuildsAHistoryIndexABulkImportLeftDropped() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let fixture = try Fixture(location)
            try fixture.store.suspendHistoryIndex()
            fixture.ledger.close()
            let reopened = try PostgresLedger.open(location, create: false, runID: "run-2")
            defer { reopened.close() }
            #expect(try reopened.session.rows("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'transfers_%_history'") {
                try $0.decode(Int64.self)
            } == [2])
        }
    }

    @Test func textsWithANulByteAreStoredInsteadOfFailingTheBatch() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let fixture = try Fixture(location)
            defer { fixture.ledger.close() }
            let store = fixture.store
            try store.inBatchTransaction(beforeCommit: {}) {
                let file = try store.createInputFile(runID: "run-1", position: 0, path: "night\0.csv", resumes: nil)
                try store.recordProgress(
                    inputFile: file, end: InputCheckpoint(rows: 1, bytes: 10, digest: [1]), fileSHA256: nil,
                    rejections: [(line: 2, rejection: RecordedRejection(rejection: Rejection(.invalidRequest, "bad \0 byte"),
                                                                        decidedBy: "run-1"))])
                try store.appendTransfers([fixture.transfer(1, texts: TransferTexts(description: "a\0b"))])
            }
            #expect(try store.recordedRejections(inputFile: 1, lines: 1...3)[2]?.rejection.message == "bad \u{FFFD} byte")
            try store.recordRunFailure(runID: "run-1", reason: "stopped\0", exitCode: 5, finishedAt: 3)
            #expect(try fixture.count("transfer_texts") == 1)
        }
    }
}

@Test func theRecordedCommandLineKeepsNoPassword() {
    let command = "ledger-recon run --db postgresql://ledger:s3cret@db:5432/books --db=postgres://a:b%40c@h/x --tenants t.csv"
    let recorded = PostgresWriteStore.withoutPasswords(command)
    #expect(!recorded.contains("s3cret") && !recorded.contains("b%40c"))
    #expect(recorded == "ledger-recon run --db postgresql://ledger:***@db:5432/books --db=postgres://a:***@h/x --tenants t.csv")
}

extension KeyLookup {
    var isSame: Bool {
        if case .same = self { return true }
        return false
    }

    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
