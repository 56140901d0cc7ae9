import Foundation

/// Makes sure only one run writes a database at a time (SPEC §6).
///
/// An exclusive `flock` on `<database>.lock`, taken without waiting. The kernel drops it when
/// the process dies, even by kill -9, so a crashed run never leaves a stale lock behind. The
/// file holds the owner's run id, pid and start time so the refused run can say who holds it.
final class RunLock {
    private let descriptor: Int32
    let path: String

    enum Failure: Error, CustomStringConvertible {
        case held(path: String, owner: String)
        case cannotOpen(path: String, reason: String)

        var description: String {
            switch self {
            case .held(let path, let owner):
                "another run holds the database (\(owner)); lock \(path). Try again when it has finished."
            case .cannotOpen(let path, let reason):
                "cannot open lock file \(path): \(reason)"
            }
        }
    }

    /// Takes the lock for `databasePath` or throws `Failure.held` at once.
    init(databasePath: String, runID: String) throws {
        path = RunLock.canonical(databasePath) + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let owner = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw Failure.held(path: path, owner: owner.isEmpty ? "owner unknown" : owner)
        }
        let owner = "run \(runID), pid \(getpid()), started \(Date().ISO8601Format())\n"
        ftruncate(descriptor, 0)
        _ = owner.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// The database's path with symlinks resolved, so two spellings of one file (a symlink, `./`)
    /// share one lock. A file not created yet is resolved through its directory.
    static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        guard let resolved = realpath(directory, nil) else { return path }
        defer { free(resolved) }
        return (String(cString: resolved) as NSString).appendingPathComponent(url.lastPathComponent)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
