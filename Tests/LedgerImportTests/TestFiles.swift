import Foundation
import LedgerImport
import Testing

/// Where the shared corpora live and how tests make throwaway CSV files.
enum TestFiles {
    /// `<package root>/../shared/corpora`: the package root is three levels above this file, and
    /// the shared folder sits next to it both on the build machines and in CI.
    static let corpora: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // LedgerImportTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared")
        .appendingPathComponent("corpora")

    /// Whether the corpora are there. They sit beside the package on the build machines and in CI,
    /// not in a user's clone: the corpus suites are then skipped, saying why, rather than failing.
    static let corporaAvailable = FileManager.default.fileExists(atPath: corpora.path)

    /// Shown for every corpus suite that is skipped.
    static let corporaAbsentNote: Comment =
        "skipped: the third-party CSV corpora (../shared/corpora beside the package) are not here; CI has them"

    /// Path of a corpus file, e.g. `corpus("csvkit-examples/bad.csv")`.
    static func corpus(_ relativePath: String) -> String {
        corpora.appendingPathComponent(relativePath).path
    }

    /// Names of the files in a corpus folder with the given extensions, sorted.
    static func corpusFiles(in folder: String, extensions: Set<String>) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: corpus(folder))
            .filter { extensions.contains(URL(fileURLWithPath: $0).pathExtension) }
            .sorted()
    }

    /// Writes `bytes` to a uniquely named file in the temporary directory, runs `body` with its
    /// path, and removes the file again.
    @discardableResult
    static func withFile<T>(bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ledger-recon-import-test-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    @discardableResult
    static func withFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        try withFile(bytes: Array(text.utf8), body)
    }
}

/// A record as the tests compare it: where it starts, its fields, and its problem if any.
struct ReadRow: Equatable, Sendable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var problem: String?

    init(_ line: Int, _ fields: [String], _ problem: String? = nil) {
        self.line = line
        self.fields = fields
        self.problem = problem
    }

    var description: String { "\(line): \(fields.debugDescription)\(problem.map { " (\($0))" } ?? "")" }
}

/// Every record of a file through `CSVReader` alone, header included, no header semantics.
func readRecords(_ path: String, chunkBytes: Int = CSVReader.defaultChunkBytes) throws(CSVFileError) -> [ReadRow] {
    let reader = try CSVReader(path: path, chunkBytes: chunkBytes)
    var rows: [ReadRow] = []
    while let record = try reader.next() {
        rows.append(ReadRow(record.line, record.fields, record.problem))
    }
    return rows
}

/// A file read the way a typed reader reads it: header first, then records with the header's
/// verdict on each (its own problem, or a field count differing from the header's).
func readWithHeader(_ path: String) throws(CSVFileError) -> (header: CSVHeader, rows: [ReadRow]) {
    let reader = try CSVReader(path: path)
    let header = try CSVHeader.read(from: reader)
    var rows: [ReadRow] = []
    while let record = try reader.next() {
        rows.append(ReadRow(record.line, record.fields, header.problem(for: record)))
    }
    return (header, rows)
}
