public import LedgerCore

/// The ids a stored transfer shows, derived from its ULID (or read from `transfer_legacy_ids`).
package struct TransferIdentifiers: Sendable {
    package var transferID: String
    package var debitRecordID: String
    package var creditRecordID: String

    /// `entryType`: `transfer` or `opening`; `kind`: the accounts' kind (record ids' prefix).
    package init(ulid: TransferULID, entryType: String, kind: AccountKind) {
        transferID = (entryType == "opening" ? "opn_" : "trf_") + ulid.text
        let recordPrefix = kind == .wallet ? "txn_" : ""
        debitRecordID = recordPrefix + ulid.advanced(by: 1).text
        creditRecordID = recordPrefix + ulid.advanced(by: 2).text
    }

    package init(transferID: String, debitRecordID: String, creditRecordID: String) {
        self.transferID = transferID
        self.debitRecordID = debitRecordID
        self.creditRecordID = creditRecordID
    }
}
