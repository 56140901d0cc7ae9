import Foundation

/// Where an export goes: standard output, or a file written under a temporary name and renamed
/// over the destination once complete (SPEC §4 `--out`), so a reader never sees half a journal.
///
/// Text is buffered and handed to the descriptor 64 KiB at a time: memory stays flat whatever
/// the size of the ledger. A write that fails (a full disk) throws, naming the file and the reason.
public final class JournalOutput {
    private let descriptor: Int32
    /// The destination, for messages; nil for standard output.
    public let path: String?
    /// The temporary file renamed to `path` by `finish()`.
    private let temporaryPath: String?
    private var buffer: [UInt8] = []
    private var closed = false
    static let flushBytes = 1 << 16

    private init(descriptor: Int32, path: String?, temporaryPath: String?) {
        self.descriptor = descriptor
        self.path = path
        self.temporaryPath = temporaryPath
        buffer.reserveCapacity(JournalOutput.flushBytes + 4096)
    }

    /// Writes to standard output.
    public static func standardOutput() -> JournalOutput {
        JournalOutput(descriptor: STDOUT_FILENO, path: nil, temporaryPath: nil)
    }

    /// Writes to a new temporary file beside `path` (0640, SPEC §6: a finance group may read the
    /// books, nobody else), renamed to `path` by `finish()`.
    /// - Throws: `ReportError.writeFailed` when the directory is not writable.
    public static func replacing(_ path: String) throws -> JournalOutput {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let descriptor = try ReportDirectory.createFile(temporary)
        return JournalOutput(descriptor: descriptor, path: path, temporaryPath: temporary)
    }

    /// Where messages say the text goes.
    public var destination: String { path ?? "standard output" }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= JournalOutput.flushBytes { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try ReportDirectory.writeAll(buffer, to: descriptor, path: destination)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered; for a file, syncs it and renames it over the destination.
    public func finish() throws {
        try flush()
        guard let path, let temporaryPath, !closed else { return }
        guard fsync(descriptor) == 0 else { throw ReportError.writeFailed(path: path, reason: ReportDirectory.errorText()) }
        ReportDirectory.closeFile(descriptor)
        closed = true
        guard rename(temporaryPath, path) == 0 else {
            let reason = ReportDirectory.errorText()
            unlink(temporaryPath)
            throw ReportError.writeFailed(path: path, reason: reason)
        }
    }

    /// Removes the temporary file of an export that failed, leaving the destination as it was.
    public func abandon() {
        guard let temporaryPath, !closed else { return }
        ReportDirectory.closeFile(descriptor)
        closed = true
        unlink(temporaryPath)
    }
}
