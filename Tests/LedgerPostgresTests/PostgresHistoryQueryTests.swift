@testable import LedgerPostgres
import LedgerStorage
import PostgresNIO
import Testing

/// `transactions` on PostgreSQL reads a user's page through the history indexes (SPEC §4, issue 10:
/// "the history index usable by the transactions query plan"), checked with EXPLAIN on a ledger
/// large enough that a scan would be the planner's choice otherwise.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct PostgresHistoryQueryTests {
    private func filledLedger(_ location: PostgresLocation) throws -> PostgresLedger {
        let ledger = try PostgresLedger.open(location, create: true, runID: "r")
        let rows = (1...30_000).map { PostgresBatchWriterTests.row(Int64($0), tenant: Int32(1 + $0 % 3)) }
        try PostgresBatchWriter(session: ledger.session).append(rows)
        try ledger.session.execute("ANALYZE transfers")
        return ledger
    }

    @Test func aPageWalksTheHistoryIndexesWithoutSortOrScan() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let ledger = try filledLedger(location)
            defer { ledger.close() }
            let query = PostgresHistoryQuery(tenant: 2, arms: [.init(leg: .debit, account: 7), .init(leg: .credit, account: 47)],
                                             pageSize: 20, offset: 40)
            let plan = try query.plan(ledger.session).joined(separator: "\n")
            #expect(plan.contains("transfers_debit_history"), "\(plan)")
            #expect(plan.contains("transfers_credit_history"), "\(plan)")
            #expect(plan.contains("Merge Append"), "\(plan)")
            #expect(!plan.contains("Seq Scan"), "\(plan)")
            #expect(!plan.contains("Sort  ("), "\(plan)")

            let typed = PostgresHistoryQuery(tenant: 2, arms: [.init(leg: .credit, account: 47, entryType: "opening")],
                                             pageSize: 20, offset: 0)
            let typedPlan = try typed.plan(ledger.session).joined(separator: "\n")
            #expect(typedPlan.contains("transfers_credit_history") && !typedPlan.contains("Seq Scan"), "\(typedPlan)")
        }
    }

    @Test func pagesFollowTheLedgersOrderWithoutOverlap() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let ledger = try filledLedger(location)
            defer { ledger.close() }
            // Every row of tenant 2 that account 7 sends or account 48 receives, newest first (as in a
            // real listing, no transfer is on both: one user is never both sides of a transfer).
            let all = (1...30_000).map { PostgresBatchWriterTests.row(Int64($0), tenant: Int32(1 + $0 % 3)) }
            let expected = all.filter { $0.tenant == 2 }.flatMap { row -> [(Int64, Int64, Int64, PostgresHistoryQuery.Leg)] in
                var legs: [(Int64, Int64, Int64, PostgresHistoryQuery.Leg)] = []
                if row.debitAccount == 7 { legs.append((row.createdAt, row.debitSequence, row.id, .debit)) }
                if row.creditAccount == 48 { legs.append((row.createdAt, row.creditSequence, row.id, .credit)) }
                return legs
            }.sorted { ($0.0, $0.1, $0.2) > ($1.0, $1.1, $1.2) }
            var listed: [(Int64, PostgresHistoryQuery.Leg)] = []
            var page = 0
            while true {
                let query = PostgresHistoryQuery(tenant: 2, arms: [.init(leg: .debit, account: 7), .init(leg: .credit, account: 48)],
                                                 pageSize: 20, offset: page * 20)
                if page == 0 { #expect(try query.count(ledger.session) == Int64(expected.count)) }
                let rows = try query.page(ledger.session)
                if rows.isEmpty { break }
                listed += rows.map { ($0.id, $0.leg) }
                page += 1
            }
            #expect(listed.count == expected.count)
            let got = listed.map { "\($0.0) \($0.1)" }, want = expected.map { "\($0.2) \($0.3)" }
            let firstDifference = got.indices.first { $0 >= want.count || got[$0] != want[$0] }
            #expect(firstDifference == nil, "record \(firstDifference ?? 0): \(firstDifference.map { got[$0] } ?? "") instead of \(firstDifference.map { want[$0] } ?? "")")
        }
    }
}
