import LedgerCore

/// What the ledger remembers of the transfers files it decided (SPEC §2 "Running a night again",
/// §4 "Interrupted runs resume"): per file, checkpoints of how far it was decided, and the
/// decision on each rejected row. Applied and duplicate rows need no record: their keys find them.
extension LedgerEngine {
    /// The earlier decisions a run may reuse for each of its `positions` transfers files, most
    /// preferred first: the files of the run being resumed at the same position (resume), then
    /// every file read to its end by another run that was not abandoned (replay).
    public func decidedInputs(positions: Int) throws -> [[DecidedInput]] {
        var resumable: [Int: [DecidedInput]] = [:]
        var replayable: [DecidedInput] = []
        for file in try store.decidedFiles(excludingRun: runID) where !file.checkpoints.isEmpty {
            if resumeChainRuns.contains(file.runID) {
                resumable[file.position, default: []].append(
                    DecidedInput(id: file.id, runID: file.runID, use: .resume, checkpoints: file.checkpoints))
            } else if file.finished {
                replayable.append(DecidedInput(id: file.id, runID: file.runID, use: .replay, checkpoints: file.checkpoints))
            }
        }
        return (0..<positions).map { position in
            let resumes = (resumable[position] ?? []).sorted { ($0.checkpoints.last?.rows ?? 0) > ($1.checkpoints.last?.rows ?? 0) }
            return resumes + replayable
        }
    }

    /// The input files of the resume chain at `position`: entries written from them were
    /// applied by the night this run finishes.
    func resumeChainFiles(position: Int) throws -> Set<Int64> {
        guard resuming != nil else { return [] }
        if let known = resumeChainFilesByPosition[position] { return known }
        var ids: Set<Int64> = []
        for runID in resumeChainRuns { ids.formUnion(try store.inputFiles(ofRun: runID, position: position)) }
        resumeChainFilesByPosition[position] = ids
        return ids
    }

    /// This run's input file row for its file at `file.position`, created with its first batch.
    func inputFileID(for file: BatchFile, coveredBy: DecidedInput?) throws -> Int64 {
        if let id = inputFileIDs[file.position] { return id }
        let resumed = coveredBy.flatMap { $0.use == .resume ? $0.id : nil }
        let id = try store.createInputFile(runID: runID, position: file.position, path: file.path, resumes: resumed)
        inputFileIDs[file.position] = id
        return id
    }
}
