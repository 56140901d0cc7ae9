import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every input is read exactly once, whole (SPEC §3; issue 7 item 4): a pipe or a FIFO gives the
/// import every row and its hash is that of the bytes written; a record over 1 MiB is rejected
/// and the rows after it are applied.
struct InputReadingTests {
    /// Enough rows to be several pipe buffers: a second reader of the same pipe would take some.
    static let rowCount = 30_000

    /// `--transfers <(cat night.csv)`, as bash runs it: every row is read and applied, and
    /// summary.json's hash is that of the file that went through the pipe.
    @Test func processSubstitutionIsReadWhole() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("night.csv", InputFiles.backAndForth(count: Self.rowCount))
        // The sandbox's usual command line, with the transfers file given as bash gives `<(…)`.
        let arguments = box.nightArguments(transfers: ["SUBSTITUTION"], expected: nil)
            .map { $0 == "SUBSTITUTION" ? "<(cat night.csv)" : $0 == "run" ? "run --create-db" : "'\($0)'" }
        let script = "exec '\(Product.binary.path)' " + arguments.joined(separator: " ") + " 2>/dev/null"
        let outcome = try Self.shell(script, in: box.root)
        #expect(outcome.status == 0, "\(outcome.output)")
        let summary = try box.summary()
        #expect(summary.read == Self.rowCount && summary.applied == Self.rowCount)
        #expect(try box.transferEntries() == Self.rowCount)
        let transfers = try #require(summary.inputs.first { $0.role == "transfers" })
        #expect(transfers.sha256 == (try InputFiles.sha256(of: box.url("night.csv"))))
        #expect(transfers.rows == Self.rowCount)
        #expect(summary.failedChecks.isEmpty, "\(box.breaksText)")
    }

    /// A FIFO with a writer process: the run reads it once, to the end, and finishes (it used to
    /// hang after its batches committed, when a second reader opened the FIFO again).
    @Test func fifoIsReadOnceAndTheRunFinishes() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("night.csv", InputFiles.backAndForth(count: Self.rowCount))
        let fifo = box.url("night.fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "cat night.csv > night.fifo"]
        writer.currentDirectoryURL = box.root
        try writer.run()
        let outcome = try box.runNight(transfers: ["night.fifo"], expected: nil)
        writer.waitUntilExit()
        #expect(outcome.status == 0 && !outcome.timedOut, "\(outcome)")
        #expect(writer.terminationStatus == 0)
        let summary = try box.summary()
        #expect(summary.read == Self.rowCount && summary.applied == Self.rowCount)
        let transfers = try #require(summary.inputs.first { $0.role == "transfers" })
        #expect(transfers.sha256 == (try InputFiles.sha256(of: box.url("night.csv"))))
        #expect(summary.checks["input_accounted"]?.status == "pass")
    }

    /// summary.json's hash of a regular file is the file's (a UTF-8 BOM included).
    @Test func hashOfARegularFileIsThatOfItsBytes() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("bom.csv", "\u{FEFF}" + (try box.read("transfers.csv")))
        let outcome = try box.runNight(transfers: ["bom.csv"])
        #expect(outcome.status == 0, "\(outcome)")
        for input in try box.summary().inputs {
            #expect(input.sha256 == (try InputFiles.sha256(of: box.url(input.path))), "\(input.path)")
        }
    }

    /// A quoted field of 2 MiB spanning lines, and an unquoted one on one line: each record is
    /// rejected `invalid_request` with its line, and every row after it is applied.
    @Test func overlongRecordsAreRejectedAndTheRestIsApplied() throws {
        let box = try Sandbox()
        try box.copySamples()
        let long = String(repeating: "x", count: 2 << 20)
        var text = InputFiles.transfersHeader
        text += "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,k1,before,,app,,\n"
        text += "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,k2,\"\(long)\nstill quoted\",,app,,\n"
        text += "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,k3,after quoted,,app,,\n"
        text += "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,k4,\(long),,app,,\r\n"
        text += "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,k5,after unquoted,,app,,\n"
        try box.write("long.csv", text)
        let outcome = try box.runNight(transfers: ["long.csv"], expected: nil)
        #expect(outcome.status == 0, "\(outcome)")
        let results = try box.report("results.csv")
        let rows = results.records
        #expect(rows.map { $0["line"] } == ["2", "3", "5", "6", "7"])
        #expect(rows.map { $0["status"] } == ["applied", "rejected", "applied", "rejected", "applied"])
        #expect(rows[1]["code"] == "invalid_request" && rows[3]["code"] == "invalid_request")
        #expect(rows[1]["message"]?.contains("record from line 3 is longer than 1048576 bytes") == true, "\(rows[1])")
        #expect(rows[3]["message"]?.contains("record from line 6 is longer than 1048576 bytes") == true, "\(rows[3])")
        let summary = try box.summary()
        #expect(summary.read == 5 && summary.applied == 3 && summary.rejected == 2)
        #expect(summary.failedChecks.isEmpty, "\(box.breaksText)")
    }

    /// Runs `script` with bash (for process substitution) in `directory`.
    static func shell(_ script: String, in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
