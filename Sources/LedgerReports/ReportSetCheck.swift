import Foundation
import LedgerCore

/// `verify --report DIR` (SPEC §7): is the report set in DIR the one ledger-recon wrote? Every
/// file its manifest.json names must be there, a regular file with the same size and SHA-256,
/// nothing else may have been added, and the manifest itself must be well-formed (and, when the
/// caller knows the manifest's SHA-256 from the night's log, be that manifest).
///
/// It reads only DIR: a finance reader checks a set mailed to them without the ledger. Checking
/// that the ledger's chains pass through the manifest's heads is the caller's (it needs the ledger).
public struct ReportSetCheck: Sendable {
    /// Why there is no set to check (exit 2), as opposed to a set that differs (exit 1).
    public enum Unavailable: Error, CustomStringConvertible, Sendable {
        case notADirectory(path: String)
        case noManifest(path: String)

        public var description: String {
            switch self {
            case .notADirectory(let path):
                "\(path) is not a directory: give --report the directory of one report set (e.g. reports/<run_id>)"
            case .noManifest(let path):
                "\(path) has no \(ReportManifest.fileName): not a report set this version of ledger-recon wrote, "
                    + "or the manifest was removed; give --report the directory that holds summary.json and manifest.json"
            }
        }
    }

    /// The largest manifest read: a million files listed stay far below it.
    static let maximumManifestBytes: Int64 = 256 << 20

    public let directory: String
    /// The manifest as read, when it is well-formed: its heads are for the caller to check.
    public private(set) var manifest: ReportManifest?
    /// SHA-256 (hex) of manifest.json's bytes.
    public private(set) var manifestSHA256 = ""
    /// Report files compared with the manifest.
    public private(set) var filesChecked = 0
    /// One line per difference, naming the file (relative to the directory) and what differs.
    public private(set) var problems: [String] = []

    /// Checks the set in `directory`.
    /// - Parameter expectedManifestSHA256: the manifest's SHA-256 as the night's log printed it, if known.
    /// - Throws: `Unavailable` when there is no set to check; `ReportError.readFailed` when a file
    ///   cannot be read at all (permissions).
    public init(directory: String, expectedManifestSHA256: String? = nil) throws {
        self.directory = directory
        var status = stat()
        guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw Unavailable.notADirectory(path: directory)
        }
        let manifestPath = (directory as NSString).appendingPathComponent(ReportManifest.fileName)
        guard lstat(manifestPath, &status) == 0 else { throw Unavailable.noManifest(path: directory) }
        let entries = try ReportFileDigest.entries(under: directory)
        guard let manifest = try readManifest(manifestPath, isRegularFile: status.st_mode & S_IFMT == S_IFREG,
                                              expectedSHA256: expectedManifestSHA256) else { return }
        self.manifest = manifest
        try compare(manifest.files, with: entries)
    }

    /// Reads and validates manifest.json; nil (with the problem recorded) when it cannot be used.
    private mutating func readManifest(_ path: String, isRegularFile: Bool, expectedSHA256: String?) throws -> ReportManifest? {
        let name = ReportManifest.fileName
        guard isRegularFile else {
            problems.append("\(name): not a regular file (a link or device where the manifest should be)")
            return nil
        }
        let (size, sha256) = try ReportFileDigest.digest(ofFileAt: path)
        manifestSHA256 = sha256
        if let expectedSHA256, expectedSHA256.lowercased() != sha256 {
            problems.append("\(name): its SHA-256 is \(sha256), not the \(expectedSHA256.lowercased()) given: "
                            + "the manifest was edited, or this is another run's set")
        }
        guard size <= ReportSetCheck.maximumManifestBytes else {
            problems.append("\(name): \(size) bytes, more than any manifest ledger-recon writes")
            return nil
        }
        let manifest: ReportManifest
        do {
            manifest = try JSONDecoder().decode(ReportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as DecodingError {
            problems.append("\(name): not a well-formed manifest (\(ReportSetCheck.describe(error)))")
            return nil
        } catch {
            throw ReportError.readFailed(path: path, reason: "\(error)")
        }
        let mistakes = ReportSetCheck.mistakes(in: manifest)
        guard mistakes.isEmpty else {
            problems += mistakes.map { "\(name): not a well-formed manifest (\($0))" }
            return nil
        }
        return manifest
    }

    /// Each named file against what is on disk, then what is on disk and not named.
    private mutating func compare(_ files: [ReportManifest.File], with entries: [ReportFileDigest.Entry]) throws {
        let present = Dictionary(entries.map { ($0.name, $0.isRegularFile) }, uniquingKeysWith: { first, _ in first })
        for file in files {
            filesChecked += 1
            guard let isRegularFile = present[file.name] else {
                problems.append("\(file.name): missing (\(ReportManifest.fileName) lists it: removed or renamed)")
                continue
            }
            guard isRegularFile else {
                problems.append("\(file.name): not a regular file any more (replaced by a link or device)")
                continue
            }
            let digest = try ReportFileDigest.digest(ofFileAt: (directory as NSString).appendingPathComponent(file.name))
            if digest.size != file.size {
                problems.append("\(file.name): changed: \(digest.size) bytes, \(ReportManifest.fileName) says \(file.size)")
            } else if digest.sha256 != file.sha256 {
                problems.append("\(file.name): changed: same size, but its SHA-256 is \(digest.sha256), "
                                + "\(ReportManifest.fileName) says \(file.sha256)")
            }
        }
        let named = Set(files.map(\.name))
        for entry in entries where entry.name != ReportManifest.fileName && !named.contains(entry.name) {
            problems.append("\(entry.name): not in \(ReportManifest.fileName): added to the set after it was written")
        }
    }

    /// What makes a decoded manifest unusable: another format or a newer version, file names that
    /// could point outside the directory or at the manifest, duplicates, digests that are not hex.
    static func mistakes(in manifest: ReportManifest) -> [String] {
        var found: [String] = []
        if manifest.format != ReportManifest.formatName { found.append("format is '\(manifest.format)'") }
        if manifest.formatVersion != ReportManifest.currentFormatVersion {
            found.append("format_version \(manifest.formatVersion); this ledger-recon reads version "
                         + "\(ReportManifest.currentFormatVersion): check it with the version that wrote it")
        }
        var seen = Set<String>()
        for file in manifest.files {
            let parts = file.name.split(separator: "/", omittingEmptySubsequences: false)
            if file.name.isEmpty || file.name.hasPrefix("/") || parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
                found.append("file name '\(file.name)' is not a path inside the directory")
            } else if file.name == ReportManifest.fileName {
                found.append("it lists itself")
            } else if !seen.insert(file.name).inserted {
                found.append("'\(file.name)' is listed twice")
            }
            if file.size < 0 { found.append("'\(file.name)' has size \(file.size)") }
            if !isSHA256(file.sha256) { found.append("'\(file.name)' has sha256 '\(file.sha256)', not 64 lower-case hex digits") }
        }
        return found
    }

    public static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// A decoding error in one line: what was wrong and at which key.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at \(keys.joined(separator: "."))"
        }
        switch error {
        case .keyNotFound(let key, let context): return "no '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type\(path(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "unreadable value\(path(context))"
        @unknown default: return "unreadable"
        }
    }
}
