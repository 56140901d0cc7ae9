/// A transfers file an earlier run recorded (`LedgerWriteStore.decidedFiles`).
package struct StoredInputFile: Sendable {
    /// `input_files.id`.
    package var id: Int64
    package var runID: String
    /// Its position among that run's transfers files.
    package var position: Int
    /// Read to its end.
    package var finished: Bool
    /// Ascending by rows.
    package var checkpoints: [InputCheckpoint]

    package init(id: Int64, runID: String, position: Int, finished: Bool, checkpoints: [InputCheckpoint]) {
        self.id = id
        self.runID = runID
        self.position = position
        self.finished = finished
        self.checkpoints = checkpoints
    }
}
