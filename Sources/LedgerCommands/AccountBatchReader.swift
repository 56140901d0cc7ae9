import Foundation
import LedgerCore
import LedgerImport
import LedgerReports

/// What the accounts reading thread tells the applying thread, in file order.
enum AccountImportEvent: Sendable {
    /// The next snapshots to open, and the `inputs_valid` breaks of the rows read since the last
    /// batch that could not be made into snapshots (reported before the batch's own outcomes, as
    /// when one thread did both).
    case batch(snapshots: [AccountSnapshot], problems: [CheckViolation])
    case fileFinished(rows: Int, unknownColumns: [String], read: InputAccounting.FileRead)
}

/// Reads the accounts files on a thread of its own, in batches of `batchRows` snapshots: CSV
/// parsing, amount parsing and the input's SHA-256 run beside the engine and the insert thread
/// (200,000 accounts: about a second that the applying thread spent before it could open them).
final class AccountBatchReader: @unchecked Sendable {
    // @unchecked: the readers move to the reading thread when `start` is called and are never
    // touched by the caller again; nothing else is mutable.
    private let readers: [AccountFileReader]
    private let batchRows: Int
    /// The tenants as configured before the accounts are read (no accounts row changes them).
    private let tenants: TenantDirectory

    init(readers: [AccountFileReader], batchRows: Int, tenants: TenantDirectory) {
        self.readers = readers
        self.batchRows = batchRows
        self.tenants = tenants
    }

    /// Starts the reading thread; it ends after `channel.finish`, or early when the channel is cancelled.
    func start(into channel: BatchChannel<AccountImportEvent>) {
        channel.startProducer(named: "ledger-recon.accounts-csv") { [self] in try readAll(into: channel) }
    }

    private func readAll(into channel: BatchChannel<AccountImportEvent>) throws {
        for reader in readers {
            var rows = 0
            var snapshots: [AccountSnapshot] = []
            var problems: [CheckViolation] = []
            // As `TransferBatchReader`: at most one batch waits while the next is read.
            func emit() -> Bool {
                guard channel.put(.batch(snapshots: snapshots, problems: problems)), channel.waitUntilTaken() else { return false }
                snapshots = []
                problems = []
                return true
            }
            while let row = try reader.next() {
                rows += 1
                do {
                    snapshots.append(try row.snapshot(tenants: tenants))
                } catch {
                    problems.append(CheckViolation(check: .inputsValid, tenantID: row.tenantID, userID: row.userID,
                                                   detail: error.description))
                }
                if snapshots.count >= batchRows { guard emit() else { return } }
            }
            guard emit() else { return }
            guard channel.put(.fileFinished(rows: rows, unknownColumns: reader.unknownColumns, read: reader.fileRead)) else { return }
        }
    }
}
