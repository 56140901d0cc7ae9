import Foundation
import LedgerCore
import LedgerReports
import Testing

/// What keeps reports safe to open and impossible to redirect (SPEC §5 formula injection, §6
/// report directories).
struct ReportSafetyTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-safety-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The one data cell of a one-column CSV holding `text` as input text.
    func csvCell(_ text: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent("cell-\(UUID().uuidString).csv")
        let writer = try CSVReportWriter(path: path, header: ["x"])
        try writer.write([.text(text)])
        try writer.close()
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        return String(csv.dropFirst("x\n".count).dropLast())
    }

    @Test(arguments: [
        "＝HYPERLINK(\"http://x\")", "＋1", "－1", "＠SUM(A1)",  // full-width
        "﹦1", "﹢1", "﹣1", "﹫x",  // small forms
        "\u{200B}=1+1", "\u{FEFF}+cmd", "\u{200B}\u{200B}@x", "\u{2060}-1", "\u{200E}=1", "\u{00AD}=1", "\u{200B}＝1",
    ])
    func neutralisesFormulasSpreadsheetsStillSee(text: String) throws {
        let cell = try csvCell(text)
        #expect(cell == "'" + text || cell == "\"'" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"",
                "\(cell.debugDescription)")
    }

    @Test(arguments: ["usr_1", "a=b", "午餐", "\u{200B}abc", "é=1", " x", "100"])
    func leavesOrdinaryTextAlone(text: String) throws {
        #expect(try csvCell(text) == text)
    }

    /// The working directory's name cannot be guessed: two report sets of the same run id get
    /// different names, each with at least 64 random bits.
    @Test func theWorkingNameIsUnpredictable() {
        let first = ReportDirectory(root: directory, runID: "20261121T020000Z-aaaa")
        let second = ReportDirectory(root: directory, runID: "20261121T020000Z-aaaa")
        #expect(first.workingPath != second.workingPath)
        let name = (first.workingPath as NSString).lastPathComponent
        #expect(name.hasPrefix(".incomplete-20261121T020000Z-aaaa."), "\(name)")
        let secret = name.split(separator: ".")[1]
        #expect(secret.count >= 16 && secret.allSatisfy(\.isHexDigit), "\(name)")
    }

    /// A symlink planted where the report set would go is never followed: creating the working
    /// directory fails on it, and publishing never renames onto an existing final name.
    @Test func aPlantedSymlinkCannotRedirectTheReports() throws {
        let elsewhere = (directory as NSString).appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let reportsRoot = (directory as NSString).appendingPathComponent("reports")
        try FileManager.default.createDirectory(atPath: reportsRoot, withIntermediateDirectories: true)

        let planted = ReportDirectory(root: reportsRoot, runID: "20261121T020000Z-aaaa")
        try FileManager.default.createSymbolicLink(atPath: planted.workingPath, withDestinationPath: elsewhere)
        #expect(throws: ReportError.self) { try planted.create() }

        let run = ReportDirectory(root: reportsRoot, runID: "20261121T020000Z-bbbb")
        try FileManager.default.createSymbolicLink(atPath: run.finalPath, withDestinationPath: elsewhere)
        try run.create()
        try ReportDirectory.writeFile(Data("{}".utf8), to: run.file("summary.json"))
        #expect(throws: ReportError.self) { try run.publish() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty, "nothing was written through the links")
    }

    /// A report file is created new: a symlink planted at its name is not followed.
    @Test func aReportFileIsNeverWrittenThroughASymlink() throws {
        let target = (directory as NSString).appendingPathComponent("target.txt")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: target))
        let link = (directory as NSString).appendingPathComponent("results.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: ReportError.self) { _ = try CSVReportWriter(path: link, header: ["x"]) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
    }

    /// `.incomplete-*` directories of runs that died are removed; a live run's is left alone.
    @Test func abandonedWorkingDirectoriesAreRemovedAndLiveOnesKept() throws {
        let deadPID = try Self.pidOfAFinishedProcess()
        let host = ReportDirectory(root: directory, runID: "x").workingPath.split(separator: "@").last.map(String.init) ?? ""
        let dead = (directory as NSString).appendingPathComponent(".incomplete-20261120T020000Z-dead.0123456789abcdef.\(deadPID)@\(host)")
        let live = (directory as NSString).appendingPathComponent(".incomplete-20261120T020000Z-live.0123456789abcdef.\(getpid())@\(host)")
        let otherHost = (directory as NSString).appendingPathComponent(".incomplete-20261120T020000Z-away.0123456789abcdef.\(deadPID)@another-host")
        for path in [dead, live, otherHost] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }

        let next = ReportDirectory(root: directory, runID: "20261121T020000Z-next")
        try next.create()
        #expect(!FileManager.default.fileExists(atPath: dead), "the dead run's directory is removed")
        #expect(FileManager.default.fileExists(atPath: live), "a running process's directory stays")
        #expect(FileManager.default.fileExists(atPath: otherHost), "another host's run cannot be judged from here")
    }

    /// Dry runs and `verify` publish without moving `latest`.
    @Test func publishingWithoutMovingLatest() throws {
        let real = ReportDirectory(root: directory, runID: "20261121T020000Z-aaaa")
        try real.create()
        try real.publish()
        let dry = ReportDirectory(root: directory, runID: "20261121T030000Z-bbbb-dry")
        try dry.create()
        try dry.publish(movingLatest: false)
        #expect(FileManager.default.fileExists(atPath: dry.finalPath))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: real.latestLink) == real.runID)
    }

    static func pidOfAFinishedProcess() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
