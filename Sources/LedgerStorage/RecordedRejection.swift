package import LedgerCore

/// A rejection as recorded for a row of a transfers file, with the run that first decided it.
package struct RecordedRejection: Sendable {
    package var rejection: Rejection
    package var decidedBy: String

    package init(rejection: Rejection, decidedBy: String) {
        self.rejection = rejection
        self.decidedBy = decidedBy
    }
}
