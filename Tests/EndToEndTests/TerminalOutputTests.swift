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
