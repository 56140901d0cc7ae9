import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the binary under test and the sample night live.
///
/// The binary is `LEDGER_RECON_BIN` when set (`make test` sets it), else
/// `<package root>/.build/debug/ledger-recon`. The tests never build it themselves.
enum Product {
    /// Three levels above this file: Tests/EndToEndTests/BinaryRunner.swift.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // EndToEndTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["LEDGER_RECON_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent(".build/debug/ledger-recon")
    }

    static let samples = packageRoot.appendingPathComponent("samples")

    /// The sample night's four files, by name.
    static let sampleFiles = ["tenants.csv", "accounts.csv", "transfers.csv", "expected_balances.csv"]
}

/// How one invocation of the binary ended.
struct BinaryOutcome: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double
    var timedOut: Bool

    var description: String {
        "exit \(status)\(timedOut ? " (killed after timeout)" : "") in \(String(format: "%.2f", seconds)) s\n"
            + "--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }
}

/// A started `ledger-recon` process whose stdout and stderr go to files (no pipe can fill up).
///
/// Not shared between tasks: each test owns the processes it starts.
final class RunningBinary {
    let process: Process
    let started = Date()
    private let stdoutURL: URL
    private let stderrURL: URL
    private var outcome: BinaryOutcome?

    /// Starts the binary with `arguments` in `directory`; output files are written beside it.
    ///
    /// `run` gets `--create-db` unless `createLedger` is false: a test's ledger starts in a fresh
    /// sandbox, and the product refuses to start one by accident (SPEC §4). Tests of that refusal
    /// pass `createLedger: false`.
    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:], createLedger: Bool = true) throws {
        let tag = UUID().uuidString.prefix(8)
        stdoutURL = directory.appendingPathComponent(".stdout-\(tag)")
        stderrURL = directory.appendingPathComponent(".stderr-\(tag)")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process = Process()
        process.executableURL = Product.binary
        process.arguments = arguments.first == "run" && createLedger && !arguments.contains("--create-db")
            ? [arguments[0], "--create-db"] + arguments.dropFirst() : arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LEDGER_RECON_DB")
        env.removeValue(forKey: "LEDGER_RECON_LOG_LEVEL")
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    var pid: pid_t { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits for the process to end; after `timeoutSeconds` it is killed and `timedOut` is set,
    /// so a hang fails the test instead of blocking CI.
    @discardableResult
    func wait(timeoutSeconds: Double = 120) -> BinaryOutcome {
        if let outcome { return outcome }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var timedOut = false
        while process.isRunning {
            if Date() >= deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                break
            }
            usleep(5_000)
        }
        let result = BinaryOutcome(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "",
            seconds: Date().timeIntervalSince(started),
            timedOut: timedOut
        )
        outcome = result
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
        return result
    }

    /// Sends `signal` to the process (SIGKILL to simulate a crash); nothing once it has ended,
    /// so a recycled pid is never signalled.
    func send(_ signal: Int32) {
        guard outcome == nil, process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    deinit {
        // A test that failed half-way must not leave a process behind.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
