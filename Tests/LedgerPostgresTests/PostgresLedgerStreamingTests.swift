import LedgerCore
@testable import LedgerPostgres
import LedgerStorage
import PostgresNIO
import Testing

/// The streamed reads on PostgreSQL (`forEachTransfer`, `forEachChainEntry`, `forEachJournalEntry`):
/// in row id order across tenants, through a cursor a slice at a time, with other reads allowed
/// between rows, each tenant's rows found by its key.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct PostgresLedgerStreamingTests {
    /// More rows than one cursor slice, interleaved over three tenants.
    static let rowCount = PostgresCursor.sliceSize * 2 + 123

    private func filledLedger(_ location: PostgresLocation) throws -> PostgresLedger {
        let ledger = try PostgresLedger.open(location, create: true, runID: nil)
        try ledger.session.execute("""
            INSERT INTO tenants (id, tenant_id, name, transfer_enabled, points_type, exchange_rate, currency, updated_at)
            VALUES (1, 't1', 'T1', true, 'p', 100, 'CNY', 0), (2, 't2', 'T2', true, 'p', 100, 'CNY', 0),
                   (3, 't3', 'T3', true, 'p', 100, 'CNY', 0)
            """)
        let rows = (1...Self.rowCount).map { PostgresBatchWriterTests.row(Int64($0), tenant: Int32(1 + $0 % 3)) }
        try PostgresBatchWriter(session: ledger.session).append(rows)
        try ledger.session.execute("ANALYZE transfers")
        return ledger
    }

    @Test func transfersStreamInRowIDOrderAcrossSlicesWithReadsBetween() throws {
        try PostgresTestServer.withFreshDatabase { location in
            try filledLedger(location).close()
            let reader = try PostgresLedgerReader(location: location)
            let (ids, lookedUp) = try reader.read { snapshot in
                var ids: [Int64] = [], lookedUp = 0
                try snapshot.forEachTransfer(after: 10) { transfer in
                    ids.append(transfer.rowID)
                    #expect(transfer.tenantRowID == 1 + transfer.rowID % 3)
                    #expect(transfer.isOpening == (transfer.rowID % 7 == 0))
                    // Naming a violation mid-scan: another statement on the same session.
                    if transfer.rowID % 4_999 == 0, try snapshot.transferIdentifiers(rowID: transfer.rowID, kind: .wallet) != nil {
                        lookedUp += 1
                    }
                }
                return (ids, lookedUp)
            }
            #expect(ids == Array(11...Int64(Self.rowCount)))
            #expect(lookedUp == Self.rowCount / 4_999)
            let chain = try reader.read { snapshot in
                var ids: [Int64] = []
                try snapshot.forEachChainEntry { ids.append($0.rowID) }
                return ids
            }
            #expect(chain == Array(1...Int64(Self.rowCount)))
        }
    }

    /// Each tenant's rows are found by the primary key, the tenants merged by id: no scan of the
    /// whole table (a table distributed by tenant keeps each walk on one node). Whether an arm then
    /// walks the key in order or sorts its rows is the planner's choice by their heap order.
    @Test func theMergedScanWalksEachTenantsKey() throws {
        try PostgresTestServer.withFreshDatabase { location in
            let ledger = try filledLedger(location)
            defer { ledger.close() }
            let sql = TenantMerge.statement(tenants: [1, 2, 3], arm: { "SELECT id, amount FROM transfers WHERE tenant = \($0) AND id > 10" },
                                            whole: "SELECT id, amount FROM transfers WHERE id > 10")
            let plan = try ledger.session.rows(PostgresQuery(unsafeSQL: "EXPLAIN DECLARE planned NO SCROLL CURSOR FOR " + sql)) { try $0.decode(String.self) }
                .joined(separator: "\n")
            #expect(plan.contains("Merge Append"), "\(plan)")
            #expect(plan.contains("transfers_pkey"), "\(plan)")
            #expect(!plan.contains("Seq Scan"), "\(plan)")
        }
    }

    @Test func integrityChecksTheLedgersIndexesWhenAmcheckIsInstalled() throws {
        try PostgresTestServer.withFreshDatabase { location in
            try filledLedger(location).close()
            let reader = try PostgresLedgerReader(location: location)
            #expect(reader.integrityProblems() == [], "without amcheck nothing is checked")
            try PostgresTestServer.withSession(location) { try $0.execute("CREATE EXTENSION amcheck") }
            #expect(reader.integrityProblems() == [])
        }
    }
}
