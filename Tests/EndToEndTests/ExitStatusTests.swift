import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SPEC §4: the last line a command prints on stdout states its exit code and what it means, for
/// every code, so what cron mails is about this run; errors are one line naming the file.
struct ExitStatusTests {
    @Test func everyExitCodeEndsStdoutWithItsStatusLine() throws {
        let box = try Sandbox()
        try box.copySamples()
        try box.write("expected-off.csv", "tenant_id,user_id,kind,currency,balance\ntnt_sh_tea,usr_li_wei,wallet,CNY,1.00\n")

        let balanced = try box.runNight()
        #expect(balanced.status == 0 && lastLine(balanced) == "exit 0: the books balance", "\(balanced)")

        let failed = try box.runNight(expected: "expected-off.csv")
        #expect(failed.status == 1 && lastLine(failed) == "exit 1: a reconciliation check failed; see breaks.csv", "\(failed)")

        let unreadable = try box.runNight(transfers: ["no-such-file.csv"])
        #expect(unreadable.status == 2, "\(unreadable)")
        #expect(lastLine(unreadable) == "exit 2: usage error or unreadable input; nothing was applied", "\(unreadable)")
        let errors = unreadable.stderr.split(separator: "\n").filter { $0.contains("error") }
        #expect(errors.count == 1 && errors[0].contains("no-such-file.csv"), "one line naming the file: \(unreadable.stderr)")

        let usage = try box.run(["run", "--batch-size", "0", "--transfers", "transfers.csv"])
        #expect(usage.status == 2 && lastLine(usage).hasPrefix("exit 2: "), "\(usage)")

        // Hold the database as another run does, by its own file, and try again. (PostgreSQL's run
        // lock is a server session's: RunLockTests holds it with a running import.)
        if box.backend == .sqlite {
            let descriptor = open(box.db, O_RDWR | O_CLOEXEC)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
            let busy = try box.runNight()
            #expect(busy.status == 3, "\(busy)")
            #expect(lastLine(busy) == "exit 3: another run holds the database; nothing was applied", "\(busy)")
            try #require(flock(descriptor, LOCK_UN) == 0)
        }

        let rejected = try box.runNight(extra: ["--fail-on-rejects"])
        #expect(rejected.status == 4, "\(rejected)")
        #expect(lastLine(rejected) == "exit 4: rows were rejected and --fail-on-rejects was given; see results.csv", "\(rejected)")

        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0 && lastLine(verify) == "exit 0: the books balance", "\(verify)")
    }

    @Test func helpStatesTheDatabaseDefaultAndVersionPrintsOne() throws {
        let box = try Sandbox()
        for command in ["run", "verify", "transactions", "accounts"] {
            let help = try box.run([command, "--help"])
            let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("default: ledger.sqlite in the working directory"), "\(command): \(help)")
            #expect(text.contains("LEDGER_RECON_DB"), "\(command): \(help)")
        }
        let version = try box.run(["--version"])
        #expect(version.status == 0, "\(version)")
        #expect(version.stdout.range(of: #"^ledger-recon \d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version)")
    }
}
