import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a person at a terminal, or reading cron's mail, sees (SPEC §4, issue 9): a progress line
/// with rows of the total and a percentage, the run id on every log line, and a summary that names
/// ignored columns and look-alikes.
struct TerminalOutputTests {
    /// 3,000 rows in batches of 1,000: the first batch is drawn at once, a third of the way in.
    static func writeNight(into box: Sandbox) throws -> [String] {
        try box.copySamples()
        var lines = ["kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key"]
        for row in 0..<3_000 {
            lines.append("wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,0.01,CNY,tty-\(row)")
        }
        try box.write("night.csv", lines.joined(separator: "\n") + "\n")
        return ["run", "--create-db", "--db", box.db, "--tenants", "tenants.csv", "--accounts", "accounts.csv",
                "--batch-size", "1000"]
    }

    @Test func onATerminalTheProgressLineShowsRowsOfTheTotalAndAPercentage() throws {
        let box = try Sandbox()
        let arguments = try Self.writeNight(into: box) + ["--transfers", "night.csv"]
        let outcome = try TerminalRun(arguments, in: box.root).finish()
        #expect(outcome.status == 0, "\(outcome.transcript)")
        // The first batch: 1000 rows of an estimated 3000, a third of the file's bytes.
        let first = try #require(outcome.transcript.firstMatch(of: /night\.csv: 1000 of ~(\d+) rows \((\d+)%\)/),
                                 "\(outcome.transcript)")
        let estimate = try #require(Int(first.1)), percent = try #require(Int(first.2))
        #expect((2_900...3_100).contains(estimate), "\(first.0)")
        #expect((30...35).contains(percent), "\(first.0)")
        #expect(outcome.transcript.contains("rows/s"))
    }

    @Test func fromAPipeTheProgressLineShowsRowsWithoutAPercentage() throws {
        let box = try Sandbox()
        let fifo = box.url("night.fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let arguments = try Self.writeNight(into: box) + ["--transfers", "night.fifo"]
        let text = try box.read("night.csv")
        let feeder = Thread {
            // Opening blocks until the run opens the FIFO for reading.
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(text.utf8))
                try? handle.close()
            }
        }
        feeder.start()
        let outcome = try TerminalRun(arguments, in: box.root).finish()
        #expect(outcome.status == 0, "\(outcome.transcript)")
        let line = try #require(outcome.transcript.firstMatch(of: /night\.fifo: 1000 rows, \d+ rows\/s/), "\(outcome.transcript)")
        #expect(!line.0.contains("%"))
        #expect(!outcome.transcript.contains("night.fifo: 1000 of"), "\(outcome.transcript)")
    }

    @Test func everyLogLineCarriesTheRunID() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight()
        #expect(outcome.status == 0, "\(outcome)")
        let runID = try #require(try box.summary().runID)
        let lines = outcome.stderr.split(separator: "\n")
        try #require(lines.count >= 3, "\(outcome.stderr)")
        for line in lines {
            #expect(line.contains("run_id=\(runID)"), "\(line)")
        }
        #expect(outcome.stdout.contains(runID))

        // The error line of a run that stops names its run as well.
        let failed = try box.runNight(transfers: ["no-such-night.csv"])
        #expect(failed.status == 2, "\(failed)")
        let error = try #require(failed.stderr.split(separator: "\n").first { $0.contains("error:") }, "\(failed)")
        #expect(error.contains("run_id=") && error.contains("no-such-night.csv"), "\(error)")
    }

    @Test func theSummaryNamesIgnoredColumnsAndLookAlikes() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("first.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,description,memo
            wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,tea,a note

            """)
        try box.write("second.csv", """
            kind,tenant_id,from_user_id,to_user_id,amount,currency,description,requested_at
            wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,tea,2026-11-20T09:05:00+08:00

            """)
        let first = try box.runNight(transfers: ["first.csv"], expected: nil)
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("ignored: first.csv: unknown columns 'memo'"), "\(first.stdout)")
        #expect(!first.stdout.contains("look-alikes:"), "\(first.stdout)")

        let second = try box.runNight(transfers: ["second.csv"], expected: nil)
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("look-alikes: 1 possible duplicates applied"), "\(second.stdout)")
        #expect(!second.stdout.contains("ignored:"), "\(second.stdout)")
    }
}

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
