import Foundation
import LedgerCore
import LedgerImport
import Testing

/// A by-hand throughput check, not a timed assertion: skipped unless LEDGER_RECON_CSV_BENCH is
/// set. Run it in a release build:
///
///     LEDGER_RECON_CSV_BENCH=1 swift test -c release --filter CSVReaderThroughput
///
/// It writes a 1,000,000-row, 12-column transfers file and prints rows per second for the raw
/// reader and for `TransferFileReader`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["LEDGER_RECON_CSV_BENCH"] != nil))
struct CSVReaderThroughput {
    static let rows = 1_000_000

    @Test func millionTransferRows() throws {
        var text = "kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,"
            + "source,reference_id,requested_at\n"
        text.reserveCapacity(Self.rows * 120)
        for index in 0..<Self.rows {
            text += "transfer,tenant-\(index % 50),user-\(index % 9973),user-\((index + 1) % 9973),"
                + "\(index % 100_000).25,"
                + "CNY,key-\(index),\"monthly, bonus\",reward,batch,ref-\(index),2024-05-01T10:00:00Z\n"
        }
        try TestFiles.withFile(text) { (path: String) throws in
            let clock = ContinuousClock()
            var records = 0
            let raw = try clock.measure {
                let reader = try CSVReader(path: path)
                while try reader.next() != nil { records += 1 }
            }
            var transfers = 0
            let typed = try clock.measure {
                let reader = try TransferFileReader(path: path)
                while let row = try reader.next() {
                    if row.recordProblem == nil { transfers += 1 }
                }
            }
            #expect(records == Self.rows + 1 && transfers == Self.rows)
            print("CSVReader: \(Self.perSecond(Self.rows, raw)) rows/s (\(raw)); "
                + "TransferFileReader: \(Self.perSecond(Self.rows, typed)) rows/s (\(typed)); "
                + "\(text.utf8.count / 1_000_000) MB")
        }
    }

    static func perSecond(_ count: Int, _ duration: Duration) -> Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Int(Double(count) / seconds)
    }
}
