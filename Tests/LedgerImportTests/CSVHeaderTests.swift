import LedgerImport
import Testing

/// Header mapping (SPEC §3): by name, case-insensitively, in any order; file-level refusals.
struct CSVHeaderTests {
    static func header(_ text: String) throws -> CSVHeader {
        try TestFiles.withFile(text) { path in try CSVHeader.read(from: CSVReader(path: path)) }
    }

    @Test func namesAreTrimmedAndMatchedInAnyCase() throws {
        let header = try Self.header(" AMOUNT ,\u{3000}Kind\t,\"tenant_ID\"\n1,2,3\n")
        #expect(header.names == ["AMOUNT", "Kind", "tenant_ID"])
        #expect(header.index(of: "amount") == 0)
        #expect(header.index(of: "kind") == 1)
        #expect(header.index(of: " Tenant_Id ") == 2)
        #expect(header.index(of: "currency") == nil)
        #expect(header.count == 3)
    }

    @Test func unknownColumnsAreListedAsWrittenInFileOrder() throws {
        let header = try Self.header("kind,Memo,amount, extra \n")
        #expect(header.unknownColumns(known: ["amount", "KIND", "currency"]) == ["Memo", "extra"])
        #expect(header.unknownColumns(known: ["kind", "memo", "amount", "extra"]).isEmpty)
    }

    @Test func requireNamesTheFirstMissingColumn() throws {
        try TestFiles.withFile("kind,tenant_id\n") { (path: String) throws in
            let header = try CSVHeader.read(from: CSVReader(path: path))
            #expect(throws: CSVFileError.missingColumn(path: path, line: 1, name: "amount")) {
                try header.require(["kind", "amount", "currency"])
            }
            #expect(CSVFileError.missingColumn(path: path, line: 1, name: "amount").description
                == "\(path):1: missing required column 'amount'; add it to the header")
            try header.require(["TENANT_ID"])
        }
    }

    /// (header line, 1-based column that is empty)
    @Test(arguments: [
        ("a,,b", 2), ("a, ,b", 2), ("\u{3000},a", 1), ("a,b,", 3), ("\"\",a", 1), ("a,\"\t\"", 2),
    ])
    func emptyColumnNameFailsTheFile(headerLine: String, column: Int) throws {
        try TestFiles.withFile(headerLine + "\n1,2,3\n") { (path: String) throws in
            #expect(throws: CSVFileError.emptyColumnName(path: path, line: 1, column: column)) {
                try CSVHeader.read(from: CSVReader(path: path))
            }
        }
    }

    @Test func repeatedColumnNameFailsTheFile() throws {
        try TestFiles.withFile("kind,amount,c,d,Amount \n") { (path: String) throws in
            let error = #expect(throws: CSVFileError.self) { try CSVHeader.read(from: CSVReader(path: path)) }
            #expect(
                error?.description == "\(path):1: column 'amount' appears twice (columns 2 and 5); keep one of them")
        }
    }

    /// Our rule for control characters: surrounding ones are trimmed like any white space, and a
    /// name that still holds one (a tab or line break inside a quoted header cell) fails the file —
    /// it can never match a known column, and a "fixed" guess could match the wrong one.
    @Test(arguments: ["\"a\tb\",c", "\"a\nb\",c", "\"a\r\nb\",c", "\"a\u{0B}b\",c", "\"a\u{0}b\",c"])
    func innerControlCharacterFailsTheFile(headerLine: String) throws {
        try TestFiles.withFile(headerLine + "\n") { (path: String) throws in
            let error = #expect(throws: CSVFileError.self) { try CSVHeader.read(from: CSVReader(path: path)) }
            switch error {
            case .controlCharacterInColumnName(_, 1, 1, _)?, .unreadableHeader(_, 1, _)?:
                break
            default:
                Issue.record("unexpected \(String(describing: error))")
            }
            #expect(error?.description.contains("\n") == false)
        }
    }

    @Test func surroundingControlCharactersAreTrimmed() throws {
        #expect(try Self.header("\"\ta\r\n\",\" b\u{0B}\"\n").names == ["a", "b"])
    }

    @Test(arguments: ["", "\n", "\n\r\n\r", "\u{FEFF}", "\u{FEFF}\n\n", "   \n \t\n"])
    func fileWithoutHeaderFails(text: String) throws {
        try TestFiles.withFile(text) { (path: String) throws in
            #expect(throws: CSVFileError.noHeader(path: path)) { try CSVHeader.read(from: CSVReader(path: path)) }
            #expect(CSVFileError.noHeader(path: path).description.hasPrefix("\(path) has no header row"))
        }
    }

    @Test func damagedHeaderRecordFailsTheFile() throws {
        try TestFiles.withFile(bytes: Array("a,b\u{0},c\n".utf8)) { (path: String) throws in
            let expected = CSVFileError.unreadableHeader(path: path, line: 1, problem: "field 2 contains a NUL byte")
            #expect(throws: expected) {
                try CSVHeader.read(from: CSVReader(path: path))
            }
        }
        try TestFiles.withFile("a,\"b\n1,2\n") { (path: String) throws in
            let error = #expect(throws: CSVFileError.self) { try CSVHeader.read(from: CSVReader(path: path)) }
            #expect(error?.description.contains("unterminated quote") == true)
        }
    }

    @Test func raggedRecordIsNamedByTheHeader() throws {
        try TestFiles.withFile("a,b,c\n1,2\n1,2,3,4\n1,2,3\n") { (path: String) throws in
            let (_, rows) = try readWithHeader(path)
            #expect(rows.map(\.problem) == [
                "record has 2 fields, header has 3", "record has 4 fields, header has 3", nil,
            ])
        }
    }
}
