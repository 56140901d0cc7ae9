import Foundation
import GRDB
import Testing

/// SPEC §4 exit 5: the run stopped part-way (database or I/O error, disk full, a report that could
/// not be written). Batches committed before the error stay applied, the message is one line with
/// the path, and the same command again finishes the night.
///
/// A full disk is a small tmpfs mounted in a private mount namespace (`unshare -m`), which needs
/// root; elsewhere these tests are skipped.
@Suite(.enabled(if: SmallDisk.available, "needs root to mount a small tmpfs in a private mount namespace (unshare -m)"))
struct StoppedRunTests {
    static let rows = 3_000
    static let batchSize = 100

    /// results.csv hits a full disk: the run stops before the next batch commits (not after every
    /// batch), exits 5 with the file named, and the same command finishes the night.
    @Test func aResultsFileThatCannotBeWrittenStopsTheRunBeforeTheNextBatch() throws {
        let box = try Sandbox()
        let night = BigNight(users: 50, rows: Self.rows)
        try night.write(into: box)
        let arguments = night.arguments(box, batchSize: Self.batchSize) + ["--reports", "small"]
        let disk = try SmallDisk(box, mountPoint: "small", size: "64k")

        let full = try disk.run(arguments, keep: "small/.incomplete-*/results.csv", as: "results-when-full.csv")
        #expect(full.status == 5, "\(full)")
        #expect(lastLine(full).hasPrefix("exit 5: the run stopped part-way"), "\(full)")
        let error = try #require(full.stderr.split(separator: "\n").first { $0.contains("error:") }, "\(full)")
        #expect(error.contains("results.csv") && error.contains("No space left on device"), "\(error)")
        #expect(!full.stderr.contains("NSCocoaErrorDomain"), "\(full.stderr)")
        // `runs` lists the stopped run as failed with the code it exited with, not null (issue: a
        // failed run's exit_code was never recorded).
        let stopped = try #require(try RunsCommandTests.listedRuns(box).first, "the stopped run is listed")
        #expect(stopped["status"] as? String == "failed" && stopped["exit_code"] as? Int == 5, "\(stopped)")

        let committed = try box.transferEntries()
        // Complete lines only: the disk filled in the middle of one.
        let written = try box.read("results-when-full.csv").filter { $0 == "\n" }.count - 1
        #expect(committed > 0 && committed < Self.rows, "stopped part-way: \(committed) of \(Self.rows)")
        #expect(committed <= written + Self.batchSize,
                "at most the batch whose results failed is committed beyond what results.csv holds: \(committed) committed, \(written) written")

        // Space again (the tmpfs is gone with its namespace): the same command finishes the night.
        let rerun = try box.run(arguments)
        #expect(rerun.status == 0, "\(rerun)")
        #expect(try box.transferEntries() == Self.rows)
        let summary = try box.summary(in: box.reportDirectory(printedBy: rerun))
        // The rerun resumes the stopped run (SPEC §4): the night reports as one uninterrupted run.
        #expect(summary.applied == Self.rows)
        #expect(summary.duplicate == 0)
        #expect(summary.failedChecks.isEmpty)
    }

    /// The ledger's own disk fills mid-import: a database error after committed batches is exit 5
    /// (not 2, "nothing applied"), and the same command converges once there is space.
    @Test(.enabled(if: TestBackend.isSQLite, "fills the disk under SQLite's file; PostgreSQL's disk is the server's"))
    func aFullLedgerDiskAfterCommittedBatchesIsExitFiveAndTheRerunConverges() throws {
        let box = try Sandbox()
        let night = BigNight(users: 50, rows: Self.rows)
        try night.write(into: box)
        let ledger = "disk/ledger.sqlite"
        var arguments = night.arguments(box, batchSize: Self.batchSize)
        arguments[arguments.firstIndex(of: box.db)!] = ledger
        let disk = try SmallDisk(box, mountPoint: "disk", size: "512k")

        let (full, rerun) = try disk.runTwice(arguments, growingTo: "64m", copyOut: ["disk/ledger.sqlite", "disk/ledger.sqlite-wal"])
        #expect(full.status == 5, "\(full)")
        #expect(lastLine(full).hasPrefix("exit 5: "), "\(full)")
        let error = try #require(full.stderr.split(separator: "\n").first { $0.contains("error:") }, "\(full)")
        #expect(error.contains(ledger) && error.contains("full"), "\(error)")
        #expect(error.contains("stay applied"), "\(error)")

        let committed = try DatabaseQueue(path: box.url("first-ledger.sqlite").path).read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM transfers WHERE entry_type = 'transfer'") ?? 0
        }
        #expect(committed > 0 && committed < Self.rows, "batches committed before the disk filled stayed applied: \(committed)")

        #expect(rerun.status == 0, "\(rerun)")
        // The rerun resumes the stopped run: what it committed keeps its outcome (SPEC §4).
        let summary = try box.summary()
        #expect(summary.applied == Self.rows && summary.duplicate == 0)
        #expect(summary.failedChecks.isEmpty, "\(box.breaksText)")
        #expect(try box.transferEntries() == Self.rows, "every transfer exactly once")
    }
}

/// A small tmpfs at `mountPoint` (inside the sandbox), mounted for the length of one script run
/// in a private mount namespace.
struct SmallDisk {
    let box: Sandbox
    let mountPoint: String
    let size: String

    init(_ box: Sandbox, mountPoint: String, size: String) throws {
        self.box = box
        self.mountPoint = mountPoint
        self.size = size
        try FileManager.default.createDirectory(at: box.url(mountPoint), withIntermediateDirectories: true)
    }

    /// Runs `ledger-recon run --create-db` once on the small disk; copies `keep` (a glob) out to
    /// `as` in the sandbox before the disk goes away.
    func run(_ arguments: [String], keep: String, as name: String) throws -> BinaryOutcome {
        let script = """
            mount -t tmpfs -o size=\(size) tmpfs "\(mountPoint)" || exit 97
            "$0" "$@" > .small-out 2> .small-err; echo $? > .small-rc
            cp \(keep) "\(name)" 2>/dev/null || true
            """
        try execute(script, arguments)
        return try outcome(".small")
    }

    /// Runs the command on the small disk, grows the disk, runs it again; copies `copyOut` files
    /// to the sandbox root (the ledger, for reading afterwards), and the disk's ledger after the
    /// first run as `first-ledger.sqlite` (with its -wal).
    func runTwice(_ arguments: [String], growingTo bigger: String, copyOut: [String]) throws -> (BinaryOutcome, BinaryOutcome) {
        let script = """
            mount -t tmpfs -o size=\(size) tmpfs "\(mountPoint)" || exit 97
            "$0" "$@" > .small-out 2> .small-err; echo $? > .small-rc
            for file in ledger.sqlite ledger.sqlite-wal; do
                if [ -e "\(mountPoint)/$file" ]; then cp "\(mountPoint)/$file" "first-$file"; fi
            done
            mount -o remount,size=\(bigger) "\(mountPoint)" || exit 98
            "$0" "$@" > .big-out 2> .big-err; echo $? > .big-rc
            for file in \(copyOut.map { "\"\($0)\"" }.joined(separator: " ")); do if [ -e "$file" ]; then cp "$file" .; fi; done
            """
        try execute(script, arguments)
        return (try outcome(".small"), try outcome(".big"))
    }

    private func execute(_ script: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        let withCreate = [arguments[0], "--create-db"] + arguments.dropFirst()
        process.arguments = ["-m", "/bin/sh", "-c", script, Product.binary.path] + withCreate
        process.currentDirectoryURL = box.root
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "LEDGER_RECON_DB")
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "the small-disk script failed: \(process.terminationStatus)")
    }

    private func outcome(_ prefix: String) throws -> BinaryOutcome {
        BinaryOutcome(
            status: Int32(try box.read("\(prefix)-rc").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1,
            stdout: try box.read("\(prefix)-out"), stderr: try box.read("\(prefix)-err"), seconds: 0, timedOut: false
        )
    }

    /// Whether this process may mount a tmpfs in a private namespace (root, unshare available).
    static let available: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("small-disk-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\"", directory.path]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}
