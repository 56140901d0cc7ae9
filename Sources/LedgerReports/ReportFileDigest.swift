import Crypto
public import Foundation
import LedgerCore

/// Sizes and SHA-256 digests of report files, and the listing of a report directory, for
/// `manifest.json` (written) and `verify --report` (checked). Both read the same way, so a file
/// hashes the same when the job seals it and when an auditor checks it.
public enum ReportFileDigest {
    /// Bytes read at a time: report files can be hundreds of megabytes (results.csv of a big night).
    static let readChunkBytes = 1 << 20

    /// Something in a report directory: its path relative to the directory, and whether it is a
    /// regular file (a directory is descended into, never listed; anything else is listed as it
    /// is, a symlink included, and never followed).
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var isRegularFile: Bool
    }

    /// Lower-case hex SHA-256 of `data`.
    public static func hex(of data: Data) -> String {
        LedgerCore.hex(SHA256.hash(data: data))
    }

    /// Size and SHA-256 of the regular file at `path`, read without following a symlink.
    /// - Throws: `ReportError.readFailed` naming the file.
    public static func digest(ofFileAt path: String) throws -> (size: Int64, sha256: String) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReportError.readFailed(path: path, reason: ReportDirectory.errorText()) }
        defer { close(descriptor) }
        var hasher = SHA256()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: readChunkBytes)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, readChunkBytes) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReportError.readFailed(path: path, reason: ReportDirectory.errorText())
            }
            if count == 0 { break }
            hasher.update(data: buffer[0..<count])
            size += Int64(count)
        }
        return (size, LedgerCore.hex(hasher.finalize()))
    }

    /// Everything under `directory` except directories, relative paths sorted by their UTF-8
    /// bytes (the order the manifest lists them in).
    /// - Throws: `ReportError.readFailed` when a directory cannot be listed.
    public static func entries(under directory: String) throws -> [Entry] {
        var found: [Entry] = []
        try collect(directory, prefix: "", into: &found)
        return found.sorted { precedes($0.name, $1.name) }
    }

    private static func collect(_ directory: String, prefix: String, into found: inout [Entry]) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ReportError.readFailed(path: directory, reason: "cannot list the directory")
        }
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            var status = stat()
            guard lstat(path, &status) == 0 else { throw ReportError.readFailed(path: path, reason: ReportDirectory.errorText()) }
            switch status.st_mode & S_IFMT {
            case S_IFDIR: try collect(path, prefix: prefix + name + "/", into: &found)
            case S_IFREG: found.append(Entry(name: prefix + name, isRegularFile: true))
            default: found.append(Entry(name: prefix + name, isRegularFile: false))
            }
        }
    }

    /// Name order of the manifest: by UTF-8 bytes, the same on every platform and locale.
    public static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}
