import LedgerImport
import Testing

/// Headers that are almost right fail the file at open, saying what to change (SPEC §3).
struct HeaderMistakeTests {
    static let required = "kind,tenant_id,from_user_id,to_user_id,amount"

    /// A near miss of a column the header lacks, ignoring case, spaces, `-` and `_`, within two edits.
    @Test(arguments: [
        (required + ",idempotencykey", "idempotencykey", 6, "idempotency_key"),
        (required + ",Idempotency Key", "Idempotency Key", 6, "idempotency_key"),
        (required + ",idempotency-key", "idempotency-key", 6, "idempotency_key"),
        (required + ",idempotncy_key", "idempotncy_key", 6, "idempotency_key"),
        (required + ",idempotency_kye", "idempotency_kye", 6, "idempotency_key"),
        ("kind,tenant_id,from_userid,to_user_id,amount", "from_userid", 3, "from_user_id"),
        ("kind,tenant_id,from_user_id,to_user_id,amout", "amout", 5, "amount"),
        (required + ",note,requestedat", "requestedat", 7, "requested_at"),
    ])
    func nearMissIsRefused(header: String, name: String, column: Int, suggestion: String) throws {
        try TestFiles.withFile(header + "\n") { (path: String) throws in
            #expect(throws: CSVFileError.nearMissColumn(path: path, line: 1, column: column, name: name, suggestion: suggestion)) {
                try TransferFileReader(path: path)
            }
        }
        let message = CSVFileError.nearMissColumn(path: "t.csv", line: 1, column: column, name: name, suggestion: suggestion).description
        #expect(message.contains("did you mean '\(suggestion)'?"))
        #expect(message.hasPrefix("t.csv:1: unknown column '\(name)'"))
    }

    /// Unknown columns that are not near misses of an absent column are still ignored: a column
    /// beside the one it resembles (`tenant` next to `tenant_id`), or far from every name.
    @Test(arguments: [
        required + ",idempotency_key,idempotencykey", required + ",tenant", required + ",note,comment,批次",
        required + ",id",
    ])
    func otherUnknownColumnsAreIgnored(header: String) throws {
        try TestFiles.withFile(header + "\n") { (path: String) throws in
            let reader = try TransferFileReader(path: path)
            #expect(!reader.unknownColumns.isEmpty)
        }
    }

    /// A header that only another delimiter splits names that delimiter.
    @Test(arguments: [
        ("kind;tenant_id;amount", Character(";"), "semicolons (';')"), ("kind\ttenant_id\tamount", "\t", "tabs"),
        ("kind|tenant_id|amount", "|", "vertical bars ('|')"), ("\"kind\";\"tenant_id\"", ";", "semicolons (';')"),
    ])
    func otherDelimiterIsNamed(header: String, delimiter: Character, name: String) throws {
        try TestFiles.withFile(header + "\n1;2;3\n") { (path: String) throws in
            #expect(throws: CSVFileError.otherDelimiter(path: path, line: 1, delimiter: delimiter)) {
                try TransferFileReader(path: path)
            }
        }
        #expect(CSVFileError.otherDelimiter(path: "s.csv", line: 1, delimiter: delimiter).description
            == "s.csv:1: the header is separated by \(name), not commas; save the file as comma-separated CSV")
    }

    /// A one-column header with nothing to split still reports the missing columns.
    @Test func singleColumnWithoutDelimiterIsAMissingColumn() throws {
        try TestFiles.withFile("kind\n") { (path: String) throws in
            #expect(throws: CSVFileError.missingColumn(path: path, line: 1, name: "tenant_id")) {
                try TransferFileReader(path: path)
            }
        }
    }
}
