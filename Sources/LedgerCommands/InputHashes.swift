import Crypto
import Foundation
import LedgerCore

/// SHA-256 of each input file (summary.json `inputs`), computed on a thread of its own while the
/// import runs: reading a large transfers file a second time need not delay the night.
final class InputHashes: @unchecked Sendable {
    // @unchecked: `result` is written by the hashing thread before it signals `done`, and read
    // only after waiting for `done`.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<[(role: String, path: String, sha256: String)], any Error> = .success([])
    private var waited = false

    /// Starts hashing `files` (role, path) in order.
    init(files: [(role: String, path: String)]) {
        let thread = Thread { [self] in
            result = Result { try files.map { ($0.role, $0.path, try InputHashes.sha256(of: $0.path)) } }
            done.signal()
        }
        thread.name = "ledger-recon.sha256"
        thread.start()
    }

    /// (role, path, sha256) of every input, in the order given; waits for the thread.
    func values() throws -> [(role: String, path: String, sha256: String)] {
        if !waited {
            done.wait()
            waited = true
        }
        return try result.get()
    }

    /// The file's SHA-256, read in 1 MiB chunks (never the whole file in memory).
    static func sha256(of path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hex(hasher.finalize())
    }
}
