import Foundation
import LedgerImport
import Testing

/// csvkit's awkward inputs, each with the verdict csvkit-examples/MANIFEST.txt asks of an importer,
/// checked at the reader level (header + records with the header's verdict on each).
/// Needs ../shared/corpora; skipped with a note where it is absent.
@Suite(.enabled(if: TestFiles.corporaAvailable, TestFiles.corporaAbsentNote))
struct CSVKitExampleTests {
    /// What reading one example must give.
    enum Outcome: Sendable {
        /// The file is refused; the error's description contains this text.
        case fileError(String)
        /// Header names (trimmed), the header's line, and every record after it.
        case rows(header: [String], headerLine: Int, [ReadRow])
    }

    struct Verdict: Sendable, CustomTestStringConvertible {
        var file: String
        var outcome: Outcome
        var testDescription: String { file }
    }

    static let abc = ["a", "b", "c"]
    static let badRows = [
        ReadRow(2, ["1", "27", "", "I'm too long!"], "record has 4 fields, header has 3"),
        ReadRow(3, ["", "I'm too short!"], "record has 2 fields, header has 3"),
        ReadRow(4, ["0", "mixed types.... uh oh", "17"]),
    ]

    static let verdicts: [Verdict] = [
        Verdict(file: "bad.csv", outcome: .rows(header: ["column_a", "column_b", "column_c"], headerLine: 1, badRows)),
        Verdict(
            file: "bad_skip_lines.csv",
            outcome: .rows(
                header: ["column_a", "column_b", "column_c"], headerLine: 4,
                badRows.map { ReadRow($0.line + 3, $0.fields, $0.problem) })),
        // Null spellings come through as the text they are; the money parser refuses them later.
        Verdict(
            file: "blanks.csv",
            outcome: .rows(
                header: ["a", "b", "c", "d", "e", "f"], headerLine: 1,
                [ReadRow(2, ["", "NA", "N/A", "NONE", "NULL", "."])])),
        Verdict(file: "date_like_number.csv", outcome: .rows(header: ["a"], headerLine: 1, [ReadRow(2, ["4.5"])])),
        Verdict(file: "dummy.csv", outcome: .rows(header: abc, headerLine: 1, [ReadRow(2, ["1", "2", "3"])])),
        // Tabs are not delimiters: the header is one column that tabs would split, and the file
        // is refused naming the delimiter (see tabSeparatedFileIsOneColumn).
        Verdict(file: "dummy.tsv", outcome: .fileError("the header is separated by tabs, not commas")),
        Verdict(
            file: "dummy_col_shuffled_ragged.csv",
            outcome: .rows(header: ["b", "c", "a", "d"], headerLine: 1, [ReadRow(2, ["2", "3", "1", "4"])])),
        Verdict(file: "empty.csv", outcome: .fileError("has no header row")),
        Verdict(
            file: "mac_newlines.csv",
            outcome: .rows(
                header: abc, headerLine: 1,
                [ReadRow(2, ["1", "2", "3"]), ReadRow(3, ["Once upon\ra time", "5", "6"])])),
        // Without a header row the first data row is taken as names; typed readers then miss columns.
        Verdict(file: "no_header_row.csv", outcome: .rows(header: ["1", "2", "3"], headerLine: 1, [])),
        Verdict(file: "no_header_row2.csv", outcome: .rows(header: ["4", "5", "6"], headerLine: 1, [])),
        Verdict(
            file: "no_header_row3.csv",
            outcome: .rows(header: ["1", "2", "3"], headerLine: 1, [ReadRow(2, ["4", "5", "6"])])),
        Verdict(
            file: "null_byte.csv",
            outcome: .rows(header: abc, headerLine: 1, [ReadRow(2, ["\0", "2", "3"], "field 1 contains a NUL byte")])),
        Verdict(
            file: "optional_quote_characters.csv",
            outcome: .rows(header: abc, headerLine: 1, [ReadRow(2, ["1", "2", "3"])])),
        Verdict(file: "sniff_limit.csv", outcome: .fileError("the header is separated by semicolons (';'), not commas")),
        Verdict(file: "test_empty_columns.csv", outcome: .fileError("header column 4 is empty")),
        Verdict(
            file: "test_empty_columns_long_row.csv",
            outcome: .rows(
                header: abc, headerLine: 1, [ReadRow(2, ["", "", "", ""], "record has 4 fields, header has 3")])),
        Verdict(
            file: "test_empty_columns_short_row.csv",
            outcome: .rows(header: abc, headerLine: 1, [ReadRow(2, ["", ""], "record has 2 fields, header has 3")])),
        Verdict(
            file: "test_extra_header.csv",
            outcome: .rows(
                header: ["a", "b", "c", "d"], headerLine: 1,
                [ReadRow(2, ["1", "2", "3"], "record has 3 fields, header has 4")])),
        // Our rule: a header name is trimmed, and one still holding a control character is refused.
        Verdict(file: "test_header_newline.csv", outcome: .fileError("header column 1 name")),
        Verdict(
            file: "test_join_short_rows.csv",
            outcome: .rows(
                header: abc, headerLine: 1,
                [
                    ReadRow(2, ["1", "cat"], "record has 2 fields, header has 3"),
                    ReadRow(3, ["dog", "c"], "record has 2 fields, header has 3"),
                    ReadRow(4, ["3", "b", "c"]),
                ])),
        // Its 0xA9 is within the first 64 KiB, so the whole file is refused with a hint (SPEC §3).
        Verdict(
            file: "test_latin1.csv",
            outcome: .fileError(":3: the file is not UTF-8 (it looks like Windows-1252, as Western European Excel saves CSV); "
                + "run with --encoding windows-1252")),
        // Values come through as exact text; the money parser refuses "1,7" and "200.000.000".
        Verdict(
            file: "test_locale.csv",
            outcome: .rows(header: abc, headerLine: 1, [ReadRow(2, ["1,7", "200.000.000", ""])])),
        Verdict(
            file: "test_no_leading_zeroes.csv",
            outcome: .rows(header: abc, headerLine: 1, [ReadRow(2, ["01", "00.11", "0.1"])])),
        Verdict(file: "test_precision.csv", outcome: .rows(header: ["a"], headerLine: 1, [ReadRow(2, ["1.234567"])])),
        Verdict(file: "test_skip_lines.csv", outcome: .rows(header: abc, headerLine: 4, [ReadRow(5, ["1", "2", "3"])])),
        Verdict(file: "test_utf16_big.csv", outcome: .fileError("is UTF-16 (it starts with a UTF-16 byte-order mark); run with --encoding utf-16")),
        Verdict(file: "test_utf16_little.csv", outcome: .fileError("is UTF-16 (it starts with a UTF-16 byte-order mark); run with --encoding utf-16")),
        Verdict(
            file: "test_utf8.csv",
            outcome: .rows(
                header: ["foo", "bar", "baz"], headerLine: 1,
                [ReadRow(2, ["1", "2", "3"]), ReadRow(3, ["4", "5", "ʤ"])])),
        Verdict(
            file: "test_utf8_bom.csv",
            outcome: .rows(
                header: ["foo", "bar", "baz"], headerLine: 1,
                [ReadRow(2, ["1", "2", "3"]), ReadRow(3, ["4", "5", "ʤ"])])),
    ]

    @Test(arguments: verdicts)
    func givesTheManifestVerdict(verdict: Verdict) throws {
        let path = TestFiles.corpus("csvkit-examples/" + verdict.file)
        switch verdict.outcome {
        case .fileError(let expected):
            let error = #expect(throws: CSVFileError.self) { try readWithHeader(path) }
            let description = error?.description ?? ""
            #expect(description.contains(expected), "\(description)")
            #expect(description.hasPrefix(path), "the message names the file")
        case .rows(let header, let headerLine, let rows):
            let (actualHeader, actualRows) = try readWithHeader(path)
            #expect(actualHeader.names == header)
            #expect(actualHeader.line == headerLine)
            #expect(actualRows == rows)
        }
    }

    @Test func everyExampleHasAVerdict() throws {
        let files = try TestFiles.corpusFiles(in: "csvkit-examples", extensions: ["csv", "tsv"])
        #expect(files == Self.verdicts.map(\.file).sorted())
    }

    /// A tab-separated file reads as a single column that tabs would split; every typed reader
    /// refuses it naming the delimiter, before looking for columns.
    @Test func tabSeparatedFileIsOneColumn() throws {
        let path = TestFiles.corpus("csvkit-examples/dummy.tsv")
        #expect(try readRecords(path) == [ReadRow(1, ["a\tb\tc"]), ReadRow(2, ["1\t2\t3"])])
        #expect(throws: CSVFileError.otherDelimiter(path: path, line: 1, delimiter: "\t")) {
            try TransferFileReader(path: path)
        }
    }

    /// The two UTF-16 examples (byte-order mark big- and little-endian) read with `--encoding utf-16`.
    @Test(arguments: ["test_utf16_big.csv", "test_utf16_little.csv"])
    func utf16ExamplesReadWithTheOption(file: String) throws {
        let reader = try CSVReader(path: TestFiles.corpus("csvkit-examples/" + file), encoding: .utf16)
        var rows: [ReadRow] = []
        while let record = try reader.next() { rows.append(ReadRow(record.line, record.fields, record.problem)) }
        #expect(rows == [ReadRow(1, ["a", "b", "c"]), ReadRow(2, ["1", "2", "3"]), ReadRow(3, ["4", "5", "ʤ"])])
    }

    /// A semicolon-separated file names its delimiter; one without a header row cannot satisfy a
    /// transfers file. Either is refused as a whole rather than mis-read row by row.
    @Test func semicolonFileIsRefusedNamingTheDelimiter() {
        let path = TestFiles.corpus("csvkit-examples/sniff_limit.csv")
        #expect(throws: CSVFileError.otherDelimiter(path: path, line: 1, delimiter: ";")) {
            try TransferFileReader(path: path)
        }
    }

    @Test(arguments: ["no_header_row.csv", "no_header_row2.csv", "no_header_row3.csv"])
    func transfersReaderRefusesFilesWithoutItsColumns(file: String) {
        let path = TestFiles.corpus("csvkit-examples/" + file)
        #expect(throws: CSVFileError.missingColumn(path: path, line: 1, name: "kind")) {
            try TransferFileReader(path: path)
        }
    }

    @Test func bomIsStrippedSoTheFirstColumnMatches() throws {
        let reader = try CSVReader(path: TestFiles.corpus("csvkit-examples/test_utf8_bom.csv"))
        let header = try CSVHeader.read(from: reader)
        #expect(header.index(of: "foo") == 0)
        #expect(header.names[0].unicodeScalars.count == 3)
    }

    @Test func headerNewlineRuleNamesTheColumnOnOneLine() throws {
        let path = TestFiles.corpus("csvkit-examples/test_header_newline.csv")
        let error = #expect(throws: CSVFileError.self) { try readWithHeader(path) }
        #expect(error == .controlCharacterInColumnName(
            path: path, line: 1, column: 1, name: "start \t\n\u{0B}\u{0C}\r end"))
        #expect(error?.description.contains("\n") == false)
    }

    /// Columns in an unexpected order are found by name; a ragged row appended to the same file
    /// is flagged with its line.
    @Test func shuffledColumnsMapByName() throws {
        enum Letter: Int, CSVColumn {
            case a, b, c, d
            var headerName: String { "\(self)" }
            var isRequired: Bool { true }
        }
        let original = try String(
            contentsOfFile: TestFiles.corpus("csvkit-examples/dummy_col_shuffled_ragged.csv"), encoding: .utf8)
        try TestFiles.withFile(original + "6,7,5\n") { (path: String) throws in
            let file = try MappedCSVFile<Letter>(path: path)
            let first = try #require(try file.next())
            #expect([first[.a], first[.b], first[.c], first[.d]] == ["1", "2", "3", "4"])
            #expect(first.problem == nil && first.line == 2)
            let ragged = try #require(try file.next())
            #expect(ragged.line == 3)
            #expect(ragged.problem == "record has 3 fields, header has 4")
            #expect(ragged[.a] == "5" && ragged[.d] == "")
            #expect(try file.next() == nil)
        }
    }
}
