import LedgerStore
import LedgerStorage

/// Follows, while a transfers file is read, which earlier decided files it is byte for byte the
/// same as (SPEC §2 "Running a night again", §4 "Interrupted runs resume").
///
/// An earlier file matches up to one of its checkpoints when the rows read so far are as many,
/// end at the same byte, and hash to the same SHA-256. Rows are held back while a candidate still
/// has a checkpoint ahead, so that each batch is known, before it is decided, to be covered by
/// earlier decisions or not. Checkpoints are at most one batch (≤ 100,000 rows) apart, which
/// bounds what is held. Looking a row count up is one hash probe; a digest is computed only at
/// rows where some candidate has a checkpoint.
struct CheckpointMatcher {
    private struct Candidate {
        var input: DecidedInput
        /// Index of the next checkpoint to match.
        var next = 0
        var alive = true
    }

    private var candidates: [Candidate]
    /// Row count → candidates (by index, in preference order) whose next checkpoint is there.
    private var dueAt: [Int: [Int]] = [:]
    /// Candidates still alive with a checkpoint ahead.
    private var waitingCount = 0

    /// - Parameter inputs: the earlier files, most preferred first.
    init(_ inputs: [DecidedInput]) {
        candidates = inputs.map { Candidate(input: $0) }
        for index in candidates.indices where !candidates[index].input.checkpoints.isEmpty {
            dueAt[candidates[index].input.checkpoints[0].rows, default: []].append(index)
            waitingCount += 1
        }
    }

    /// The interrupted run's file that these bytes contradict: its inputs must be given unchanged
    /// to finish it (SPEC §4).
    private(set) var contradictedResume: DecidedInput?

    /// Whether rows must still be held: some earlier file may yet cover them.
    var isWaiting: Bool { waitingCount > 0 }

    /// Called after each row with the rows read so far and where they end. Returns the most
    /// preferred earlier file that has matched one of its checkpoints exactly here, if any.
    mutating func observe(rows: Int, bytes: Int, digest: () -> [UInt8]) -> DecidedInput? {
        guard let due = dueAt.removeValue(forKey: rows) else { return nil }
        var here: [UInt8]?
        var matched: Int?
        for index in due.sorted() {
            let checkpoint = candidates[index].input.checkpoints[candidates[index].next]
            if checkpoint.bytes > bytes {
                // A file's last checkpoint is taken at its end, after any blank lines that follow
                // the last row: it is matched when the reader reaches the end too.
                dueAt[rows, default: []].append(index)
                continue
            }
            if here == nil { here = digest() }
            guard checkpoint.bytes == bytes, checkpoint.digest == here else {
                if candidates[index].input.use == .resume { contradictedResume = candidates[index].input }
                candidates[index].alive = false
                waitingCount -= 1
                continue
            }
            if matched == nil { matched = index }
            candidates[index].next += 1
            if candidates[index].next < candidates[index].input.checkpoints.count {
                dueAt[candidates[index].input.checkpoints[candidates[index].next].rows, default: []].append(index)
            } else {
                waitingCount -= 1
            }
        }
        return matched.map { candidates[$0].input }
    }

    /// At the end of the file: an interrupted run's file that went further than this one is
    /// contradicted too.
    mutating func finish() {
        for candidate in candidates
        where candidate.alive && candidate.input.use == .resume && candidate.next < candidate.input.checkpoints.count {
            contradictedResume = candidate.input
        }
    }
}
