import LedgerStore
import LedgerStorage

/// Why a run will not start, or not go on, while another run is unfinished (SPEC §4
/// "Interrupted runs resume"): exit 2, and the message says which command finishes the night.
enum RunRefusal: Error, CustomStringConvertible {
    /// An unfinished run exists and this run was given other inputs or options.
    case unfinishedRun(UnfinishedRun)
    /// `--abandon RUN_ID` names no unfinished run.
    case nothingToAbandon(runID: String, unfinished: UnfinishedRun?)
    /// Resuming, a transfers file's bytes differ from what the interrupted run read.
    case inputsChanged(path: String, run: String)

    var description: String {
        switch self {
        case .unfinishedRun(let run):
            "run \(run.runID) did not finish (\(run.status)); finish it by running the same command again: "
                + "`\(run.command)` — or give --abandon \(run.runID) to give it up (nothing was applied)"
        case .nothingToAbandon(let runID, let unfinished):
            "--abandon \(runID): no unfinished run has that id"
                + (unfinished.map { " (the unfinished run is \($0.runID))" } ?? " (every run has finished)")
                + "; nothing was applied"
        case .inputsChanged(let path, let run):
            "\(path): not the bytes run \(run) was reading when it stopped; give that run's files unchanged to "
                + "finish it, or --abandon \(run) to give it up (nothing more was applied)"
        }
    }
}
