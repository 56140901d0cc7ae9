import Foundation
import Testing

/// The plain-text accounting tools the export is checked with (hledger, Beancount), run as a
/// user runs them. A missing tool fails the test with what to run: `make deps` installs both.
enum AccountingTool {
    /// The Debian package that provides each command.
    static let packages = ["hledger": "hledger", "bean-check": "beancount", "bean-query": "beancount"]

    /// The command's path on PATH (or /usr/bin, /usr/local/bin).
    static func path(_ command: String) throws -> String {
        let searched = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/bin", "/usr/local/bin"]
        for directory in searched {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(command).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ToolMissing(command: command, package: packages[command] ?? command)
    }

    /// Runs `command` in `directory` to completion; output goes through files, so no pipe fills up.
    static func run(_ command: String, _ arguments: [String], in directory: URL) throws -> ToolOutcome {
        let executable = try path(command)
        let tag = UUID().uuidString.prefix(8)
        let stdoutURL = directory.appendingPathComponent(".tool-out-\(tag)")
        let stderrURL = directory.appendingPathComponent(".tool-err-\(tag)")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        // hledger reads no journal of the machine's user, and decodes the file as UTF-8.
        environment.removeValue(forKey: "LEDGER_FILE")
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        process.waitUntilExit()
        return ToolOutcome(
            command: ([command] + arguments).joined(separator: " "), status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self)
        )
    }
}

struct ToolOutcome: CustomStringConvertible {
    var command: String
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "\(command): exit \(status)\n--- stdout\n\(stdout.prefix(4000))--- stderr\n\(stderr.prefix(4000))" }
}

struct ToolMissing: Error, CustomStringConvertible {
    let command: String
    let package: String

    var description: String {
        "\(command) is not installed: `make deps` installs it (apt-get install \(package)); CI installs it the same way"
    }
}
