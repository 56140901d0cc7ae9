public import LedgerCore

/// A point up to which a transfers file was decided: its first `rows` data rows, which end at
/// byte `bytes` of the file, and the SHA-256 of those bytes. Recorded with every batch, in the
/// batch's own transaction, so a later run can tell that it is reading the same bytes.
public struct InputCheckpoint: Hashable, Sendable {
    public var rows: Int
    public var bytes: Int
    public var digest: [UInt8]

    public init(rows: Int, bytes: Int, digest: [UInt8]) {
        self.rows = rows
        self.bytes = bytes
        self.digest = digest
    }
}

/// A transfers file an earlier run decided (SPEC §2 "Running a night again", §4 "Interrupted runs
/// resume"): the rows its checkpoints cover keep the decisions recorded for them.
public struct DecidedInput: Sendable {
    /// How a later run uses the decisions.
    public enum Use: Sendable {
        /// The file of an interrupted run being finished: every row keeps its outcome, so the
        /// night ends as if it had never stopped.
        case resume
        /// A file read to its end before: applied rows are duplicates, rejected rows are
        /// rejected again with the recorded code, naming the run that decided them.
        case replay
    }

    /// `input_files.id`.
    public var id: Int64
    public var runID: String
    public var use: Use
    /// Ascending by rows.
    public var checkpoints: [InputCheckpoint]

    public init(id: Int64, runID: String, use: Use, checkpoints: [InputCheckpoint]) {
        self.id = id
        self.runID = runID
        self.use = use
        self.checkpoints = checkpoints
    }
}

/// A run that started and did not finish (killed, crashed, or stopped with exit 5): the next run
/// with the same inputs resumes it; one with other inputs is refused unless it is abandoned.
public struct UnfinishedRun: Sendable, Equatable {
    public var runID: String
    public var command: String
    /// `RunIdentity` of the run's inputs and options.
    public var inputs: String
    public var status: String
    /// The highest transfer row id before the night began (the first run of a resume chain).
    public var nightWatermark: Int64

    package init(runID: String, command: String, inputs: String, status: String, nightWatermark: Int64) {
        self.runID = runID
        self.command = command
        self.inputs = inputs
        self.status = status
        self.nightWatermark = nightWatermark
    }
}

/// Where a batch comes from: which transfers file of the run, and how far into it the batch ends.
public struct BatchFile: Sendable {
    /// The file's position among the run's transfers files (0-based, in command-line order).
    public var position: Int
    public var path: String
    /// Where the batch ends in the file.
    public var end: InputCheckpoint
    /// The file's SHA-256 when this batch is its last.
    public var fileSHA256: [UInt8]?

    public init(position: Int, path: String, end: InputCheckpoint, fileSHA256: [UInt8]?) {
        self.position = position
        self.path = path
        self.end = end
        self.fileSHA256 = fileSHA256
    }
}

/// One batch of transfer requests, to be decided in one transaction.
public struct TransferBatch: Sendable {
    /// The valid rows, in file order.
    public var requests: [TransferRequest]
    /// Rows the stateless checks rejected: their line and why.
    public var invalidRows: [(line: Int, rejection: Rejection)]
    /// The file the batch was read from; its progress is recorded with the batch. Nil for
    /// requests that come from no file (library use, tests): nothing is recorded for them.
    public var file: BatchFile?
    /// The earlier decisions that cover every row of the batch, if any.
    public var coveredBy: DecidedInput?

    public init(requests: [TransferRequest], invalidRows: [(line: Int, rejection: Rejection)] = [], file: BatchFile?,
                coveredBy: DecidedInput? = nil) {
        self.requests = requests
        self.invalidRows = invalidRows
        self.file = file
        self.coveredBy = coveredBy
    }
}

/// What a batch decided: one outcome per request, the final rejection of each invalid row (a
/// recorded one where the batch was covered), and notes on applied keyless look-alikes.
public struct BatchDecisions: Sendable {
    public var outcomes: [TransferOutcome]
    public var invalidRejections: [Rejection]
    /// Index into `requests` → `possible duplicate of trf_… (file:line)`.
    public var lookAlikes: [Int: String]

    package init(outcomes: [TransferOutcome], invalidRejections: [Rejection], lookAlikes: [Int: String]) {
        self.outcomes = outcomes
        self.invalidRejections = invalidRejections
        self.lookAlikes = lookAlikes
    }
}
