public import Foundation

/// A run's report directory (SPEC §5, §6): written under a temporary name, renamed when complete,
/// and then, for a run that is not a dry run, `reports/latest` is pointed at it. A reader never
/// sees a half-written report set.
///
/// Money data is private: directories are 0750 and files 0640 whatever the umask (a finance group
/// may read them, nobody else). The temporary name is unpredictable and created exclusively
/// (`mkdir` fails on anything already there, a symlink included), and files are created new and
/// never through a symlink, so nothing planted in `reports/` can redirect a report.
public struct ReportDirectory: Sendable {
    public let root: String
    public let runID: String
    /// Where files are written until `publish()`: `.incomplete-<run_id>.<random>.<pid>@<host>`,
    /// the pid and host telling a later run whether the writer is still alive.
    public let workingPath: String
    /// How the files in it are written (BOM, time zone, per-tenant folders).
    public let options: ReportOptions

    static let directoryMode: mode_t = 0o750
    static let fileMode: mode_t = 0o640
    static let incompletePrefix = ".incomplete-"

    public init(root: String, runID: String, options: ReportOptions = .plain) {
        self.root = root
        self.runID = runID
        self.options = options
        var random = SystemRandomNumberGenerator()
        let secret = (0..<2).map { _ in
            let hex = String(random.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        let name = "\(ReportDirectory.incompletePrefix)\(runID).\(secret).\(getpid())@\(ReportDirectory.hostName)"
        workingPath = (root as NSString).appendingPathComponent(name)
    }

    /// Where the finished reports live.
    public var finalPath: String { (root as NSString).appendingPathComponent(runID) }
    public var latestLink: String { (root as NSString).appendingPathComponent("latest") }

    public func file(_ name: String) -> String { (workingPath as NSString).appendingPathComponent(name) }

    /// Creates the reports root if needed, removes the temporary directories of runs that died
    /// (killed before they published), and creates this run's temporary directory.
    /// - Throws: `ReportError.writeFailed` naming the directory.
    public func create() throws {
        if !FileManager.default.fileExists(atPath: root) {
            do {
                try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: Int(ReportDirectory.directoryMode)])
            } catch {
                throw ReportError.writeFailed(path: root, reason: "cannot create the reports directory; check --reports")
            }
        }
        removeAbandoned()
        guard mkdir(workingPath, 0o700) == 0 else {
            throw ReportError.writeFailed(path: workingPath, reason: ReportDirectory.errorText() + "; check that --reports is writable")
        }
        chmod(workingPath, ReportDirectory.directoryMode)
    }

    /// Renames the temporary directory to its final name (never over an existing one) and, when
    /// `movingLatest` (a real `run`; not a dry run, not `verify`), repoints `latest` atomically
    /// (a new symlink renamed over the old one).
    public func publish(movingLatest: Bool = true) throws {
        guard ReportDirectory.renameWithoutReplacing(workingPath, finalPath) else {
            throw ReportError.cannotPublish(path: finalPath, reason: ReportDirectory.errorText())
        }
        guard movingLatest else { return }
        let temporaryLink = latestLink + ".new-\(runID)"
        unlink(temporaryLink)
        guard symlink(runID, temporaryLink) == 0, rename(temporaryLink, latestLink) == 0 else {
            throw ReportError.cannotPublish(path: latestLink, reason: ReportDirectory.errorText())
        }
    }

    /// Removes `.incomplete-*` directories whose writer is gone: same host and its pid no longer
    /// exists. A directory of a live run (this host or another) is left alone; one in the older
    /// name form (`.incomplete-<run_id>`, no pid) is removed once it is a day old.
    func removeAbandoned() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return }
        for name in names where name.hasPrefix(ReportDirectory.incompletePrefix) {
            let path = (root as NSString).appendingPathComponent(name)
            if ReportDirectory.isAbandoned(name: name, path: path) { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    static func isAbandoned(name: String, path: String) -> Bool {
        guard let at = name.lastIndex(of: "@") else {
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
            return modified.map { Date().timeIntervalSince($0) > 86_400 } ?? false
        }
        guard name[name.index(after: at)...] == hostName,
              let dot = name[..<at].lastIndex(of: "."), let pid = pid_t(name[name.index(after: dot)..<at]), pid > 0
        else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(cString: buffer).replacingOccurrences(of: "/", with: "_")
        return name.isEmpty ? "localhost" : name
    }()

    // MARK: Files

    /// Creates a new report file, 0640, failing on anything already at `path` (a symlink included).
    /// - Returns: its descriptor, for writing.
    static func createFile(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw ReportError.writeFailed(path: path, reason: errorText()) }
        fchmod(descriptor, fileMode)
        return descriptor
    }

    /// Writes a whole report file (e.g. summary.json) and syncs it.
    public static func writeFile(_ data: Data, to path: String) throws {
        let descriptor = try createFile(path)
        defer { closeFile(descriptor) }
        try writeAll([UInt8](data), to: descriptor, path: path)
        guard fsync(descriptor) == 0 else { throw ReportError.writeFailed(path: path, reason: errorText()) }
    }

    /// Writes every byte, retrying short writes; a failure names the file and the reason.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ReportError.writeFailed(path: path, reason: errorText())
            }
            offset += written
        }
    }

    static func closeFile(_ descriptor: Int32) { close(descriptor) }

    static func errorText() -> String { String(cString: strerror(errno)) }

    /// `rename` that fails when `destination` exists (a directory planted at the final name is
    /// never replaced or written into).
    static func renameWithoutReplacing(_ source: String, _ destination: String) -> Bool {
        var status = stat()
        guard lstat(destination, &status) != 0 else {
            errno = EEXIST
            return false
        }
        return rename(source, destination) == 0
    }
}
