import Foundation
import LedgerImport
import Testing

/// Line numbers, line endings, chunking and record-level problems of `CSVReader`.
struct CSVReaderTests {
    static let terminators = ["\n", "\r\n", "\r"]

    /// A quoted field spanning lines 2–4 reports line 2, and the next record line 5.
    @Test(arguments: terminators)
    func quotedLineBreaksKeepPhysicalLineNumbers(terminator t: String) throws {
        let text = ["h1,h2", "\"a", "b", "c\",x", "next,y"].joined(separator: t) + t
        try TestFiles.withFile(text) { (path: String) throws in
            #expect(try readRecords(path) == [
                ReadRow(1, ["h1", "h2"]), ReadRow(2, ["a\(t)b\(t)c", "x"]), ReadRow(5, ["next", "y"]),
            ])
        }
    }

    @Test(arguments: terminators)
    func blankLinesAreSkippedWithoutShiftingLines(terminator t: String) throws {
        let text = "\(t)\(t)h\(t)\(t)1\(t)\(t)\(t)2\(t)"
        try TestFiles.withFile(text) { (path: String) throws in
            #expect(try readRecords(path) == [ReadRow(3, ["h"]), ReadRow(5, ["1"]), ReadRow(8, ["2"])])
        }
    }

    @Test(arguments: [
        ("a,b\n1,2", ["1", "2"]), ("a,b\r\n1,2", ["1", "2"]), ("a,b\r1,2", ["1", "2"]),
        ("a,b\n1,", ["1", ""]), ("a,b\n1,\"2\"", ["1", "2"]), ("a,b\n\"1\",\"\"", ["1", ""]),
    ])
    func lastRecordWithoutLineBreak(text: String, fields: [String]) throws {
        try TestFiles.withFile(text) { (path: String) throws in
            #expect(try readRecords(path) == [ReadRow(1, ["a", "b"]), ReadRow(2, fields)])
        }
    }

    /// The same mixed file (BOM, CR LF, lone CR, blank line, quoted line break, doubled quote,
    /// multi-byte text) reads the same whatever the chunk size, so chunk edges that split a CR LF,
    /// a quoted field or a UTF-8 sequence change nothing.
    @Test(arguments: [4, 5, 6, 7, 8, 11, 13, 64, CSVReader.defaultChunkBytes])
    func chunkEdgesChangeNothing(chunkBytes: Int) throws {
        let text = "\u{FEFF}id,text\r\n1,\"multi\r\nline\"\r\n\r\n2,\"x\"\"y\"\r3,plain\n4,\"张三, 李四\"\r\n5,last"
        try TestFiles.withFile(text) { (path: String) throws in
            #expect(try readRecords(path, chunkBytes: chunkBytes) == [
                ReadRow(1, ["id", "text"]), ReadRow(2, ["1", "multi\r\nline"]), ReadRow(5, ["2", "x\"y"]),
                ReadRow(6, ["3", "plain"]), ReadRow(7, ["4", "张三, 李四"]), ReadRow(8, ["5", "last"]),
            ])
        }
    }

    /// A CR LF cut exactly between two chunks counts as one line; a lone CR at a chunk's end is a
    /// line of its own.
    @Test(arguments: [
        ("abc\r\nd\r\ne", [ReadRow(1, ["abc"]), ReadRow(2, ["d"]), ReadRow(3, ["e"])]),
        ("abc\rd\re", [ReadRow(1, ["abc"]), ReadRow(2, ["d"]), ReadRow(3, ["e"])]),
        ("abc\r\r\ne", [ReadRow(1, ["abc"]), ReadRow(3, ["e"])]),
        ("\"ab\r\ncd\"\r\ne", [ReadRow(1, ["ab\r\ncd"]), ReadRow(3, ["e"])]),
    ])
    func carriageReturnAtAChunkEdge(text: String, expected: [ReadRow]) throws {
        try TestFiles.withFile(text) { (path: String) throws in
            #expect(try readRecords(path, chunkBytes: 4) == expected)
        }
    }

    /// The quote swallows the rest of the file into one record, which says so; nothing follows it.
    @Test func unterminatedQuote() throws {
        try TestFiles.withFile("a,b\n1,2\n3,\"oops\n4,5\n6,7\n") { (path: String) throws in
            #expect(try readRecords(path) == [
                ReadRow(1, ["a", "b"]), ReadRow(2, ["1", "2"]),
                ReadRow(
                    3, ["3", "oops\n4,5\n6,7\n"],
                    "unterminated quote: the rest of the file from line 3 was read as one record"),
            ])
        }
    }

    /// A stray quote inside an unquoted field is text (csv-spectrum location_coordinates); a
    /// closed quote never reports an unterminated one.
    @Test func strayQuoteIsLenient() throws {
        try TestFiles.withFile("a,b\n37\"N,x\"y\"\n") { (path: String) throws in
            #expect(try readRecords(path) == [ReadRow(1, ["a", "b"]), ReadRow(2, ["37\"N", "x\"y\""])])
        }
    }

    /// libcsv's space handling (kept on purpose): spaces around unquoted fields and outside quotes
    /// are dropped, spaces inside quotes stay, and `a, "b, c"` is two fields.
    @Test func spacesOutsideQuotes() throws {
        try TestFiles.withFile("h1,h2,h3\n 1 , \"b, c\" ,\" x \"\n\"q\" ,2,3\n") { (path: String) throws in
            #expect(try readRecords(path) == [
                ReadRow(1, ["h1", "h2", "h3"]), ReadRow(2, ["1", "b, c", " x "]), ReadRow(3, ["q", "2", "3"]),
            ])
        }
    }

    @Test(arguments: ["x\0y", "张\0三", "\0", "\"a\0\nb\""])
    func nulByteIsReportedNotTruncated(cell: String) throws {
        try TestFiles.withFile("a,b\nok,1\n2,\(cell)\nnext,3\n") { (path: String) throws in
            let rows = try readRecords(path)
            let value = cell.replacingOccurrences(of: "\"", with: "")
            #expect(rows == [
                ReadRow(1, ["a", "b"]), ReadRow(2, ["ok", "1"]),
                ReadRow(3, ["2", value], "field 2 contains a NUL byte"),
                ReadRow(value.contains("\n") ? 5 : 4, ["next", "3"]),
            ])
            #expect(rows[2].fields[1].utf8.count == value.utf8.count, "nothing is cut at the NUL")
        }
    }

    @Test(arguments: [
        ([0x31, 0x2C, 0xFF], "field 2 is not valid UTF-8"), ([0xC3, 0x28, 0x2C, 0x32], "field 1 is not valid UTF-8"),
        ([0x31, 0x2C, 0xED, 0xA0, 0x80], "field 2 is not valid UTF-8"),  // an encoded surrogate
    ] as [([UInt8], String)])
    func invalidUTF8NamesTheField(row: [UInt8], problem: String) throws {
        // Past the first 64 KiB, which are checked as a whole when the file is opened.
        let filler = String(repeating: "0,0\n", count: CSVReader.encodingCheckBytes / 4)
        try TestFiles.withFile(bytes: Array(("a,b\n" + filler).utf8) + row + [0x0A, 0x33, 0x2C, 0x34]) { (path: String) throws in
            let rows = try readRecords(path)
            let line = CSVReader.encodingCheckBytes / 4 + 2
            #expect(rows.count == line + 1)
            #expect(rows[line - 1].line == line && rows[line - 1].problem?.hasPrefix(problem) == true)
            #expect(rows[line] == ReadRow(line + 1, ["3", "4"]), "the next record is sound again")
        }
    }

    @Test(arguments: [
        ([0xFE, 0xFF, 0x00, 0x61], "UTF-16"), ([0xFF, 0xFE, 0x61, 0x00], "UTF-16"),
        ([0xFF, 0xFE, 0x00, 0x00, 0x61, 0, 0, 0], "UTF-32"), ([0x00, 0x00, 0xFE, 0xFF, 0, 0, 0, 0x61], "UTF-32"),
    ] as [([UInt8], String)])
    func wideByteOrderMarksAreRefused(bytes: [UInt8], encoding: String) throws {
        try TestFiles.withFile(bytes: bytes) { (path: String) throws in
            #expect(throws: CSVFileError.unsupportedEncoding(path: path, encoding: encoding)) {
                try CSVReader(path: path)
            }
        }
        #expect(CSVFileError.unsupportedEncoding(path: "n.csv", encoding: "UTF-16").description
            == "n.csv is UTF-16 (it starts with a UTF-16 byte-order mark); run with --encoding utf-16, or save it as UTF-8")
        #expect(CSVFileError.unsupportedEncoding(path: "n.csv", encoding: "UTF-32").description
            == "n.csv is UTF-32; save it as UTF-8 (or as UTF-16 and run with --encoding utf-16)")
    }

    @Test func missingFileIsAFileError() {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("no-such-\(UUID().uuidString).csv").path
        let error = #expect(throws: CSVFileError.self) { try CSVReader(path: path) }
        #expect(error == .cannotOpen(path: path, reason: "No such file or directory"))
        #expect(error?.description.hasPrefix("\(path): cannot open the file") == true)
    }

    @Test func directoryIsAFileError() {
        let path = FileManager.default.temporaryDirectory.path
        #expect(throws: CSVFileError.self) { try readRecords(path) }
    }

    /// SPEC §3: an over-long record is rejected and reading resumes at the next record boundary,
    /// whether the long field is quoted (and spans lines) or not, at any chunk size; the records
    /// after it keep their line numbers. (This replaces a test that enshrined stopping the file.)
    @Test(arguments: [16, 17, 64, 1000])
    func overlongRecordsAreSkippedAndReadingResumes(chunkBytes: Int) throws {
        let longQuoted = "3,\"" + String(repeating: "x,y\n", count: 30) + "end\""
        let longUnquoted = "5," + String(repeating: "z", count: 200)
        let text = "a,b\n1,2\n" + longQuoted + "\n4,after quoted\n" + longUnquoted + "\r\n6,after unquoted\n7,last"
        try TestFiles.withFile(text) { (path: String) throws in
            let reader = try CSVReader(path: path, chunkBytes: chunkBytes, maxRecordBytes: 64)
            var rows: [ReadRow] = []
            while let record = try reader.next() { rows.append(ReadRow(record.line, record.fields, record.problem)) }
            #expect(rows == [
                ReadRow(1, ["a", "b"]), ReadRow(2, ["1", "2"]),
                ReadRow(3, [], "record from line 3 is longer than 64 bytes; it was skipped up to line 33 and reading went on after it"),
                ReadRow(34, ["4", "after quoted"]),
                ReadRow(35, [], "record from line 35 is longer than 64 bytes; it was skipped and reading went on after it"),
                ReadRow(36, ["6", "after unquoted"]), ReadRow(37, ["7", "last"]),
            ])
            #expect(reader.consumedBytes == text.utf8.count)
        }
    }

    /// The skipper must end an over-long record exactly where libcsv would: for each awkward
    /// record, reading it over the limit gives the same records after it as reading it whole —
    /// whichever byte the limit falls on (the limit is crossed inside the awkward part, at a place
    /// that moves with the chunk size, so the skipper takes over from libcsv in every state).
    @Test(arguments: [
        "\"a\"\"b\nc\",x",          // doubled quote, then a line break inside quotes
        "\"a\" ,x",                 // space after the closing quote
        "\"a\" \"b\nc\",x",          // a quote after spaces is text; the field stays open
        "\"a\"b\"\nc,x",            // text after a closing quote reopens the field; \n ends it
        "a\"b\nc,x",               // a stray quote in an unquoted field is text
        " \"q\nr\" , \"s\"",         // spaces before an opening quote
        "\"x\",\"\"\"\"",             // a field that is one escaped quote
    ], [4, 5, 6, 7, 9])
    func skippingEndsTheRecordWhereLibcsvWould(record: String, chunkBytes: Int) throws {
        let padding = String(repeating: "p", count: 40) + ","
        let text = "h1,h2,h3\n" + padding + record + "\nnext,1,2\r\nlast,3,4\n"
        try TestFiles.withFile(text) { (path: String) throws in
            let whole = try readRecords(path)
            let limited = try CSVReader(path: path, chunkBytes: chunkBytes, maxRecordBytes: 42)
            var skipped: [ReadRow] = []
            while let next = try limited.next() { skipped.append(ReadRow(next.line, next.fields, next.problem)) }
            try #require(whole.count >= 4 && skipped.count == whole.count, "\(whole) vs \(skipped)")
            #expect(skipped[1].line == 2 && skipped[1].fields.isEmpty)
            #expect(skipped[1].problem?.hasPrefix("record from line 2 is longer than 42 bytes") == true)
            #expect(Array(skipped[2...]) == Array(whole[2...]))
            #expect(limited.consumedBytes == text.utf8.count)
        }
    }

    /// An over-long record whose quote never closes runs to the end of the file, and says so.
    @Test func overlongUnterminatedQuoteRunsToTheEnd() throws {
        let text = "a,b\n1,2\n3,\"" + String(repeating: "x,y\n", count: 100)
        try TestFiles.withFile(text) { (path: String) throws in
            let reader = try CSVReader(path: path, chunkBytes: 16, maxRecordBytes: 64)
            #expect(try reader.next()?.line == 1)
            #expect(try reader.next()?.fields == ["1", "2"])
            let overlong = try #require(try reader.next())
            #expect(overlong.line == 3 && overlong.fields.isEmpty)
            #expect(overlong.problem == "record from line 3 is longer than 64 bytes; "
                + "a quote in it is never closed, so it runs to the end of the file")
            #expect(try reader.next() == nil)
            #expect(reader.consumedBytes == text.utf8.count)
        }
    }

    /// A record at the limit is read; one byte more and it is skipped.
    @Test func theLimitIsInclusive() throws {
        let record = String(repeating: "q", count: 63) + "\n"  // 64 bytes with its line break
        try TestFiles.withFile("h\n" + record + record.dropFirst() + "ok\n") { (path: String) throws in
            let reader = try CSVReader(path: path, maxRecordBytes: 64)
            _ = try reader.next()
            #expect(try reader.next()?.problem == nil)
            #expect(try reader.next()?.problem == nil)
            #expect(try reader.next()?.fields == ["ok"])
        }
        try TestFiles.withFile("h\nq" + record + "ok\n") { (path: String) throws in
            let reader = try CSVReader(path: path, maxRecordBytes: 64)
            _ = try reader.next()
            #expect(try reader.next()?.problem?.hasPrefix("record from line 2 is longer than 64 bytes") == true)
            #expect(try reader.next()?.fields == ["ok"])
        }
    }

    @Test func bytesReadReachesTheFileSize() throws {
        let text = "a,b\n" + String(repeating: "1,2\n", count: 1000)
        try TestFiles.withFile(text) { (path: String) throws in
            let reader = try CSVReader(path: path, chunkBytes: 100)
            var count = 0
            while try reader.next() != nil { count += 1 }
            #expect(count == 1001)
            #expect(reader.bytesRead == text.utf8.count)
            #expect(reader.path == path)
        }
    }
}
