import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the binary with stderr on a pseudo-terminal (so it draws its progress line) and stdout to
/// a file; `transcript` is everything written to the terminal.
final class TerminalRun: @unchecked Sendable {
    // @unchecked: `bytes` is written by the reading thread and read by `finish`, both under `lock`.
    private let process = Process()
    private let master: Int32
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private let stdoutURL: URL

    struct Outcome {
        var status: Int32
        var transcript: String
        var stdout: String
    }

    init(_ arguments: [String], in directory: URL) throws {
        let terminal = try #require(PseudoTerminal(), "no pseudo-terminal functions in the C library")
        master = terminal.openpt(O_RDWR | O_NOCTTY)
        try #require(master >= 0 && terminal.grantpt(master) == 0 && terminal.unlockpt(master) == 0, "no pseudo-terminal")
        let slaveName = try #require(terminal.ptsname(master).map { String(cString: $0) })
        let slave = open(slaveName, O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        stdoutURL = directory.appendingPathComponent(".tty-stdout-\(UUID().uuidString.prefix(8))")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        process.executableURL = Product.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LEDGER_RECON_DB")
        env.removeValue(forKey: "LEDGER_RECON_LOG_LEVEL")
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        let master = self.master
        let reader = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                // EIO once the last holder of the terminal's other side has closed it.
                let count = read(master, &chunk, chunk.count)
                if count <= 0 { break }
                lock.lock()
                self.bytes.append(contentsOf: chunk[0..<count])
                lock.unlock()
            }
            finished.signal()
        }
        try process.run()
        // Only the child keeps the terminal's other side open now.
        (process.standardError as? FileHandle).map { try? $0.close() }
        reader.start()
    }

    /// Waits for the run (at most two minutes) and for the terminal to drain.
    func finish() throws -> Outcome {
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        _ = finished.wait(timeout: .now() + 10)
        close(master)
        lock.lock()
        defer { lock.unlock() }
        let stdout = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: stdoutURL)
        return Outcome(status: process.terminationStatus, transcript: String(decoding: bytes, as: UTF8.self), stdout: stdout)
    }
}

/// The C library's pseudo-terminal calls, looked up at run time: Glibc's Swift module does not
/// export them (they sit behind `_XOPEN_SOURCE`).
struct PseudoTerminal {
    typealias Call = @convention(c) (Int32) -> Int32
    typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    let openpt: Call
    let grantpt: Call
    let unlockpt: Call
    let ptsname: Name

    init?() {
        guard let library = dlopen(nil, RTLD_NOW),
              let openpt = dlsym(library, "posix_openpt"), let grantpt = dlsym(library, "grantpt"),
              let unlockpt = dlsym(library, "unlockpt"), let ptsname = dlsym(library, "ptsname")
        else { return nil }
        self.openpt = unsafeBitCast(openpt, to: Call.self)
        self.grantpt = unsafeBitCast(grantpt, to: Call.self)
        self.unlockpt = unsafeBitCast(unlockpt, to: Call.self)
        self.ptsname = unsafeBitCast(ptsname, to: Name.self)
    }
}
