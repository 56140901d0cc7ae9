import Foundation
import LedgerStorage

/// Makes sure only one run writes an SQLite ledger at a time (SPEC §6): the SQLite backend's
/// `LedgerRunLock`, taken through `LedgerBackends.lock`.
///
/// The lock belongs to the database file itself, not to a path: an exclusive `flock` on a
/// descriptor of the ledger file, taken without waiting. A hard link, a symlink or another
/// spelling of the path reaches the same inode and so the same lock, and no lock file exists
/// whose deletion could let a second writer in. The kernel drops the lock when the process dies,
/// even by kill -9. On Linux `flock` locks and SQLite's POSIX (`fcntl`) locks do not interact.
///
/// Closing *any* descriptor of a file drops the process's POSIX locks on it, SQLite's included,
/// so the descriptor is opened before the ledger's connection and closed only after it
/// (`RunCommand` keeps the lock alive around the whole job).
///
/// `<database>.lock` beside the resolved path is the owner note: who holds the lock (run id, pid,
/// start time), so a refused run can say. It is also flocked, first, as earlier versions locked
/// only it: a run of an older binary still in cron during an upgrade keeps this one out too.
final class RunLock: LedgerRunLock {
    private let ledger: Int32
    private let note: Int32
    let databasePath: String
    /// This run created the ledger file (`--create-db`): if it is still empty at the end (the run
    /// stopped before opening it, e.g. on a bad input file), it is removed again, so a failed first
    /// night leaves no half-made ledger behind.
    private var created = false

    enum Failure: Error, CustomStringConvertible {
        case held(database: String, owner: String)
        case noLedger(path: String, reason: String)
        case cannotOpen(path: String, reason: String)

        var description: String {
            switch self {
            case .held(let database, let owner):
                "another run holds the database \(database) (\(owner)); try again when it has finished"
            case .noLedger(let path, let reason):
                "no ledger at \(path)\(reason); give --db, or --create-db to start a new one"
            case .cannotOpen(let path, let reason):
                "cannot open \(path): \(reason); check --db / LEDGER_RECON_DB and the permissions of the file and its directory"
            }
        }
    }

    /// Opens the ledger file and takes its lock, or throws at once.
    /// - Parameter createIfMissing: `--create-db`: a missing ledger is created, empty and
    ///   owner-only (0600 whatever the umask; SQLite gives its -wal and -shm files the same mode).
    /// - Throws: `Failure.held` (another run writes it), `.noLedger` (missing, or empty, and not
    ///   `createIfMissing`), `.cannotOpen`.
    init(databasePath: String, runID: String, createIfMissing: Bool) throws {
        self.databasePath = databasePath
        let existing = try RunLock.openExisting(databasePath, createIfMissing: createIfMissing)
        let notePath = RunLock.canonical(databasePath) + ".lock"
        // O_NOFOLLOW: a planted symlink cannot make us truncate another file.
        note = open(notePath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard note >= 0 else {
            let reason = RunLock.errorText()
            if let existing { close(existing) }
            throw Failure.cannotOpen(path: notePath, reason: reason)
        }
        guard flock(note, LOCK_EX | LOCK_NB) == 0 else {
            let owner = RunLock.owner(note: note, ledger: existing)
            if let existing { close(existing) }
            close(note)
            throw Failure.held(database: databasePath, owner: owner)
        }
        do {
            created = existing == nil
            ledger = try existing ?? RunLock.create(databasePath)
        } catch {
            close(note)
            throw error
        }
        guard flock(ledger, LOCK_EX | LOCK_NB) == 0 else {
            let owner = RunLock.owner(note: nil, ledger: ledger)
            close(ledger)
            close(note)
            throw Failure.held(database: databasePath, owner: owner)
        }
        let owner = "run \(runID), pid \(getpid()), started \(Date().ISO8601Format())\n"
        ftruncate(note, 0)
        _ = owner.withCString { pwrite(note, $0, strlen($0), 0) }
    }

    /// The ledger's descriptor, or nil when it is missing and may be created.
    private static func openExisting(_ path: String, createIfMissing: Bool) throws -> Int32? {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else {
            guard errno == ENOENT else { throw Failure.cannotOpen(path: path, reason: errorText()) }
            guard createIfMissing else { throw Failure.noLedger(path: path, reason: "") }
            return nil
        }
        var status = stat()
        if !createIfMissing, fstat(descriptor, &status) == 0, status.st_size == 0 {
            close(descriptor)
            throw Failure.noLedger(path: path, reason: " (the file is empty)")
        }
        return descriptor
    }

    private static func create(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0, errno == EEXIST, let raced = try openExisting(path, createIfMissing: true) { return raced }
        guard descriptor >= 0 else { throw Failure.cannotOpen(path: path, reason: errorText()) }
        fchmod(descriptor, 0o600)
        return descriptor
    }

    /// Who holds the lock: the owner note, unless the kernel lists another pid for a lock on the
    /// ledger's inode in /proc/locks (the holder came through a hard link, so its note is elsewhere).
    private static func owner(note: Int32?, ledger: Int32?) -> String {
        var text = ""
        if let note {
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = pread(note, &buffer, buffer.count, 0)
            text = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let pid = ledger.flatMap(lockingPID) else { return text.isEmpty ? "owner unknown" : text }
        return text.contains("pid \(pid),") ? text : "pid \(pid)"
    }

    /// The pid /proc/locks gives for a `flock` on the file behind `descriptor`, if any.
    static func lockingPID(_ descriptor: Int32) -> String? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, let locks = procLocks() else { return nil }
        // "1: FLOCK  ADVISORY  WRITE 4242 08:01:1311 0 EOF": pid, then major:minor:inode.
        let inode = String(status.st_ino)
        for line in locks.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5].split(separator: ":").last.map(String.init) == inode
            else { continue }
            return String(fields[4])
        }
        return nil
    }

    /// The whole of /proc/locks. Foundation's `String(contentsOfFile:)` returned its first 4,095
    /// bytes only (the file reports a size of 0): on a busy host, where the list is longer, the
    /// oldest locks (listed last, as the running ledger's is) were missing, and a refused run said
    /// "owner unknown".
    static func procLocks() -> String? {
        let file = open("/proc/locks", O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(file, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes += chunk.prefix(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The database's path with symlinks resolved, so two spellings of one file share one note.
    /// A file not created yet is resolved through its directory.
    static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let url = URL(fileURLWithPath: path)
        guard let directory = realpath(url.deletingLastPathComponent().path, nil) else { return path }
        defer { free(directory) }
        return (String(cString: directory) as NSString).appendingPathComponent(url.lastPathComponent)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    deinit {
        var status = stat()
        if created, fstat(ledger, &status) == 0, status.st_size == 0 { unlink(databasePath) }
        flock(ledger, LOCK_UN)
        close(ledger)
        flock(note, LOCK_UN)
        close(note)
    }
}
