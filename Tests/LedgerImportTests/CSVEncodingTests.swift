import Crypto
import Foundation
import LedgerImport
import Testing

/// `--encoding` and the check that a file to be read as UTF-8 is UTF-8 (SPEC §3).
struct CSVEncodingTests {
    /// 张三,李四,奶茶,€,U+0080,😀,é in GB18030 (2- and 4-byte sequences), from iconv.
    static let gb18030Names: [UInt8] = [
        0xD5, 0xC5, 0xC8, 0xFD, 0x2C, 0xC0, 0xEE, 0xCB, 0xC4, 0x2C, 0xC4, 0xCC, 0xB2, 0xE8, 0x2C, 0xA2, 0xE3, 0x2C,
        0x81, 0x30, 0x81, 0x30, 0x2C, 0x94, 0x39, 0xFC, 0x36, 0x2C, 0xA8, 0xA6,
    ]
    static let names = ["张三", "李四", "奶茶", "€", "\u{80}", "😀", "é"]

    static func read(_ path: String, _ encoding: CSVEncoding, chunkBytes: Int = CSVReader.defaultChunkBytes)
        throws -> (rows: [ReadRow], reader: CSVReader)
    {
        let reader = try CSVReader(path: path, encoding: encoding, chunkBytes: chunkBytes)
        var rows: [ReadRow] = []
        while let record = try reader.next() { rows.append(ReadRow(record.line, record.fields, record.problem)) }
        return (rows, reader)
    }

    /// Converted per line, at any chunk size (characters cut by chunk edges), with the original's
    /// line numbers; the hash is that of the GB18030 bytes.
    @Test(arguments: [4, 5, 7, 13, CSVReader.defaultChunkBytes])
    func gb18030ReadsAsItsText(chunkBytes: Int) throws {
        let bytes = Array("a,b,c,d,e,f,g\r\n".utf8) + Self.gb18030Names + Array("\r\n\r\n\"x\n".utf8)
            + [0xD5, 0xC5] + Array("\",2,3,4,5,6,7\n".utf8)
        try TestFiles.withFile(bytes: bytes) { (path: String) throws in
            let (rows, reader) = try Self.read(path, .gb18030, chunkBytes: chunkBytes)
            #expect(rows == [
                ReadRow(1, ["a", "b", "c", "d", "e", "f", "g"]), ReadRow(2, Self.names),
                ReadRow(4, ["x\n张", "2", "3", "4", "5", "6", "7"]),
            ])
            #expect(reader.encoding == .gb18030)
            #expect(reader.consumedBytes == bytes.count)
            #expect(reader.consumedDigest() == Array(SHA256.hash(data: bytes)))
        }
    }

    /// A byte sequence the encoding does not have makes its row a problem; the others read.
    @Test(arguments: [
        (CSVEncoding.gb18030, [0x81, 0x2C] as [UInt8], "line 3 is not valid GB18030 text"),
        (.windows1252, [0x81], "line 3 is not valid Windows-1252 text"),
    ])
    func invalidBytesAreTheRowsProblem(encoding: CSVEncoding, bad: [UInt8], problem: String) throws {
        let bytes = Array("a,b\n1,2\n3,".utf8) + bad + Array("\n4,5\n".utf8)
        try TestFiles.withFile(bytes: bytes) { (path: String) throws in
            let rows = try Self.read(path, encoding).rows
            #expect(rows.count == 4)
            #expect(rows[2].line == 3 && rows[2].problem?.hasPrefix(problem) == true)
            #expect(rows[3] == ReadRow(4, ["4", "5"]))
        }
    }

    @Test func windows1252AndLatin1() throws {
        let bytes: [UInt8] = Array("name,amount\nCaf".utf8) + [0xE9] + Array(" ".utf8) + [0x80] + Array(",1\n".utf8)
        try TestFiles.withFile(bytes: bytes) { (path: String) throws in
            #expect(try Self.read(path, .windows1252).rows[1].fields == ["Café €", "1"])
            #expect(try Self.read(path, .latin1).rows[1].fields == ["Café \u{80}", "1"])
        }
    }

    /// UTF-16 either way round, with or without a byte-order mark, reads as its UTF-8 twin, line
    /// numbers included (CR LF, a lone CR and quoted line breaks are 2-byte units here).
    @Test(arguments: [(false, true), (true, true), (false, false), (true, false)], [4, 6, 10, 4096])
    func utf16ReadsAsItsText(variant: (bigEndian: Bool, mark: Bool), chunkBytes: Int) throws {
        let text = "id,text\r\n1,\"张三\r\nline\"\r\n\r\n2,x\r3,😀\n4,last"
        var bytes: [UInt8] = variant.mark ? (variant.bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            bytes += variant.bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let expected = try TestFiles.withFile(text) { try readRecords($0) }
        try TestFiles.withFile(bytes: bytes) { (path: String) throws in
            let (rows, reader) = try Self.read(path, .utf16, chunkBytes: chunkBytes)
            #expect(rows == expected)
            #expect(reader.consumedBytes == bytes.count)
            #expect(reader.consumedDigest() == Array(SHA256.hash(data: bytes)))
        }
    }

    // MARK: - Files that are not UTF-8

    /// Invalid UTF-8 in the first 64 KiB refuses the file, naming the line and the likely encoding.
    @Test(arguments: [
        (Array("a,b\nCaf".utf8) + [0xE9, 0x2C, 0x31, 0x0A], 2, CSVEncoding.windows1252),
        (Array("a,b\r\n1,2\r\n".utf8) + gb18030Names, 3, .gb18030),
        ([0x61, 0x00, 0x2C, 0x00, 0x62, 0x00, 0x0A, 0x00], 1, .utf16),  // UTF-16 without a mark
    ])
    func notUTF8IsRefusedWithAHint(bytes: [UInt8], line: Int, likely: CSVEncoding) throws {
        try TestFiles.withFile(bytes: bytes) { (path: String) throws in
            #expect(throws: CSVFileError.notUTF8(path: path, line: line, likely: likely)) { try CSVReader(path: path) }
        }
        let message = CSVFileError.notUTF8(path: "x.csv", line: line, likely: likely).description
        #expect(message.hasPrefix("x.csv:\(line): the file is not UTF-8"))
        #expect(message.contains("--encoding \(likely.rawValue)"))
    }

    /// Past the first 64 KiB, a bad byte is only its row's problem; a character cut by the 64 KiB
    /// edge is not a bad byte.
    @Test func onlyTheFirst64KiBAreChecked() throws {
        let filler = "a,b\n" + String(repeating: "1,2\n", count: (CSVReader.encodingCheckBytes - 5) / 4) + "x,"
        var bytes = Array(filler.utf8)
        bytes += Array(repeating: 0x78, count: CSVReader.encodingCheckBytes - 1 - bytes.count) + Array("张\n".utf8)
        #expect(bytes.count > CSVReader.encodingCheckBytes)
        bytes += Array("3,".utf8) + [0xE9] + Array("\n4,5\n".utf8)
        try TestFiles.withFile(bytes: bytes) { (path: String) throws in
            let rows = try Self.read(path, .utf8).rows
            #expect(rows.last == ReadRow(rows.last?.line ?? 0, ["4", "5"]))
            #expect(rows[rows.count - 2].problem?.hasPrefix("field 2 is not valid UTF-8") == true)
            #expect(rows[rows.count - 3].fields.last?.hasSuffix("张") == true)
        }
    }

    /// A file that is UTF-8 already is read as UTF-8 whatever --encoding says: with a UTF-8 BOM, or
    /// with non-ASCII text that is valid UTF-8 (a run may mix a GB18030 export with UTF-8 files).
    @Test(arguments: [CSVEncoding.gb18030, .windows1252, .latin1, .utf16])
    func utf8FilesStayUTF8(asked: CSVEncoding) throws {
        for text in ["name,n\n张三,1\n", "\u{FEFF}name,n\nZoë,1\n"] {
            try TestFiles.withFile(text) { (path: String) throws in
                let (rows, reader) = try Self.read(path, asked)
                #expect(reader.encoding == .utf8)
                #expect(rows[1].fields[0] == (text.contains("Zoë") ? "Zoë" : "张三"))
            }
        }
        // Plain ASCII is converted as asked: the same text either way, except in UTF-16.
        if asked != .utf16 {
            try TestFiles.withFile("name,n\nabc,1\n") { (path: String) throws in
                #expect(try Self.read(path, asked).reader.encoding == asked)
            }
        }
    }

    @Test func optionNamesAndAliases() {
        #expect(CSVEncoding.optionNames == "utf-8, gb18030, windows-1252, latin1, utf-16")
        #expect(CSVEncoding(name: "GBK") == .gb18030)
        #expect(CSVEncoding(name: "UTF8") == .utf8)
        #expect(CSVEncoding(name: "cp1252") == .windows1252)
        #expect(CSVEncoding(name: "ebcdic") == nil)
    }
}
