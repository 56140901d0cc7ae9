import Foundation
import LedgerAPI
import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// The read side of the storage seam (`LedgerReading`) beyond the queries and checks: runs, the
/// break register, the integrity check, one snapshot per read, and errors as `StorageError`.
struct StoreReadingTests {
    func fixture(_ backend: StoreBackend) throws -> LedgerFixture {
        let ledger = try backend.fixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "bob", 0))
        _ = try ledger.apply(walletRow("alice", "bob", "10"))
        return ledger
    }

    @Test(arguments: StoreBackend.all)
    func runsAreReadNewestFirstWithTheirCounts(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        try ledger.recordRun(exitCode: 1, counts: RunCounts(read: 4, applied: 2, duplicate: 1, rejected: 1))
        let runs = try ledger.reader.read { try $0.newestRuns(5) }
        #expect(runs.map(\.runID) == ["test-run"])
        #expect(runs.first?.recordedStatus == "finished" && runs.first?.exitCode == 1 && runs.first?.reports == "reports/x")
        #expect(runs.first?.counts == RunCounts(read: 4, applied: 2, duplicate: 1, rejected: 1))
        #expect(runs.first?.pid == 42 && runs.first?.failure == nil && runs.first?.finishedAt != nil)
    }

    @Test(arguments: StoreBackend.all)
    func aBreakIsNewThenOpenWithItsAgeThenResolved(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let violation = CheckViolation(check: .trialBalance, tenantID: "t1", asset: Asset(currency: Currency(code: "CNY")!),
                                       expected: Int128(5), actual: Int128(6), detail: "credits ≠ debits")
        let day: Int64 = 86_400_000, start: Int64 = 1_776_000_000_000
        func review(_ violations: [CheckViolation], run: String, at now: Int64) throws -> BreakReview {
            try ledger.reader.read { snapshot in
                try BreakRegister.review(violations, rechecked: [.trialBalance], runID: run, at: now, in: snapshot)
            }
        }
        let first = try review([violation], run: "r1", at: start)
        #expect(first.breaks.map(\.state) == [.new] && first.resolved.isEmpty)
        try ledger.record(first)
        let second = try review([violation], run: "r2", at: start + 2 * day + 1)
        #expect(second.breaks.map(\.state) == [.open])
        #expect(second.breaks.first?.ageDays == 2 && second.breaks.first?.firstSeenRun == "r1"
                    && second.breaks.first?.firstSeenAt == start)
        try ledger.record(second)
        #expect(try ledger.reader.read { try $0.openBreakEpisodes() }.map(\.firstSeenRun) == ["r1"])
        // Not rechecked: neither seen nor resolved.
        #expect(try ledger.reader.read { snapshot in
            try BreakRegister.review([], rechecked: [], runID: "r3", at: start + 3 * day, in: snapshot)
        }.resolved.isEmpty)
        let third = try review([], run: "r3", at: start + 3 * day)
        #expect(third.resolved.map(\.breakID) == first.breaks.map(\.breakID) && third.resolved.first?.resolvedRun == "r3")
        try ledger.record(third)
        #expect(try ledger.reader.read { try $0.openBreakEpisodes() }.isEmpty)
        // It comes back: a new episode, new again.
        #expect(try review([violation], run: "r4", at: start + 4 * day).breaks.map(\.state) == [.new])
    }

    @Test(arguments: StoreBackend.all)
    func aSoundLedgerHasNoIntegrityProblems(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        #expect(ledger.reader.integrityProblems().isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func oneReadSeesOneLedgerWhileAnotherConnectionWrites(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        let query = try TransactionQuery.parse(tenantID: "t1", userID: "bob", kind: "wallet")
        let (before, after) = try ledger.openReader().read { snapshot in
            let before = try snapshot.transactions(query).pagination.total
            _ = try ledger.apply(walletRow("alice", "bob", "1", key: "later"))
            return (before, try snapshot.transactions(query).pagination.total)
        }
        #expect(before == 1 && after == before, "the count and the page of one read agree")
        #expect(try ledger.openReader().read { try $0.transactions(query) }.pagination.total == 2)
    }

    @Test(arguments: StoreBackend.all)
    func theScanStreamsEveryTransferAfterTheWatermarkInRowOrder(_ backend: StoreBackend) throws {
        let ledger = try fixture(backend)
        _ = try ledger.apply(walletRow("alice", "bob", "2", key: "k2"), walletRow("bob", "alice", "1", key: "k3"))
        let (all, last) = try ledger.reader.read { snapshot in
            var scanned: [ScannedTransfer] = []
            try snapshot.forEachTransfer(after: 0) { scanned.append($0) }
            return (scanned, try snapshot.lastTransferRowID())
        }
        // alice's opening (bob, opened at 0, has none), then three transfers.
        #expect(all.map(\.isOpening) == [true, false, false, false])
        #expect(all.map(\.amount) == [10_000, 1_000, 200, 100])
        #expect(all.map(\.rowID) == all.map(\.rowID).sorted() && all.last?.rowID == last)
        let since = try ledger.reader.read { snapshot in
            var scanned: [Int64] = []
            try snapshot.forEachTransfer(after: all[1].rowID) { scanned.append($0.rowID) }
            return scanned
        }
        #expect(since == all.dropFirst(2).map(\.rowID))
    }

    /// SQLite's errors leave the backend as `StorageError`: the commands map those to exit codes.
    @Test func aFileThatIsNoDatabaseIsAStorageError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-db-\(UUID().uuidString)").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try SQLiteLedgerReader(path: path)
        } throws: { error in
            (error as? StorageError)?.kind == .notADatabase
        }
    }
}
