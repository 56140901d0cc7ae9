import Foundation

/// A run's report directory: written under a temporary name, renamed when complete, and then
/// `reports/latest` is pointed at it (SPEC §5). A reader never sees a half-written report set.
public struct ReportDirectory: Sendable {
    public let root: String
    public let runID: String

    public init(root: String, runID: String) {
        self.root = root
        self.runID = runID
    }

    /// Where files are written until `publish()`.
    public var workingPath: String { (root as NSString).appendingPathComponent(".incomplete-\(runID)") }
    /// Where the finished reports live.
    public var finalPath: String { (root as NSString).appendingPathComponent(runID) }
    public var latestLink: String { (root as NSString).appendingPathComponent("latest") }

    public func file(_ name: String) -> String { (workingPath as NSString).appendingPathComponent(name) }

    /// Creates the temporary directory.
    public func create() throws {
        do {
            try FileManager.default.createDirectory(atPath: workingPath, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotWrite(path: workingPath)
        }
    }

    /// Renames the temporary directory to its final name and repoints `latest` atomically
    /// (a new symlink renamed over the old one).
    public func publish() throws {
        guard rename(workingPath, finalPath) == 0 else {
            throw ReportError.cannotPublish(path: finalPath, reason: String(cString: strerror(errno)))
        }
        let temporaryLink = latestLink + ".new-\(runID)"
        unlink(temporaryLink)
        guard symlink(runID, temporaryLink) == 0, rename(temporaryLink, latestLink) == 0 else {
            throw ReportError.cannotPublish(path: latestLink, reason: String(cString: strerror(errno)))
        }
    }
}
