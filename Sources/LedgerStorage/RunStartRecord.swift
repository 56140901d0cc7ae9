/// What a run records when it starts (`LedgerWriteStore.recordRunStart`).
package struct RunStartRecord: Sendable {
    package var runID: String
    package var command: String
    package var pid: Int32
    /// UTC milliseconds.
    package var startedAt: Int64
    /// The identity of its inputs and options (`RunConfiguration.inputsIdentity`).
    package var inputs: String
    /// The highest transfer row id before the night (before the first run of a resume chain).
    package var transfersWatermark: Int64
    /// The run it resumes.
    package var resumes: String?

    package init(runID: String, command: String, pid: Int32, startedAt: Int64, inputs: String, transfersWatermark: Int64,
                 resumes: String?) {
        self.runID = runID
        self.command = command
        self.pid = pid
        self.startedAt = startedAt
        self.inputs = inputs
        self.transfersWatermark = transfersWatermark
        self.resumes = resumes
    }
}
