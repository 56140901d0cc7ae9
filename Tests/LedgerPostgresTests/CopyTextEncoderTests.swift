@testable import LedgerPostgres
import PostgresNIO
import Testing

/// COPY's text format (PostgreSQL manual, COPY "Text Format"): what each value becomes on the wire.
@Suite struct CopyTextEncoderTests {
    private func encoded(_ fill: (inout CopyTextEncoder) -> Void) -> String {
        var encoder = CopyTextEncoder()
        fill(&encoder)
        return encoder.finish().map { String(buffer: $0) }.joined()
    }

    @Test func separatesFieldsWithTabsAndEndsRowsWithNewlines() {
        let text = encoded { encoder in
            encoder.int(1)
            encoder.int(-9_223_372_036_854_775_808)
            encoder.bool(true)
            encoder.endRow()
            encoder.bool(false)
            encoder.null()
            encoder.int(nil as Int64?)
            encoder.endRow()
        }
        #expect(text == "1\t-9223372036854775808\tt\nf\t\\N\t\\N\n")
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("奶茶店分账", "奶茶店分账"),
        ("tab\there", "tab\\there"),
        ("line\nbreak\r\nend", "line\\nbreak\\r\\nend"),
        ("back\\slash \\N", "back\\\\slash \\\\N"),
        ("", ""),
    ])
    func escapesText(_ value: String, _ wire: String) {
        #expect(encoded { $0.text(value); $0.endRow() } == wire + "\n")
    }

    @Test func writesBytesAsEscapedHexAndWideTotalsExactly() {
        let text = encoded { encoder in
            encoder.bytes([0x00, 0xAB, 0xFF])
            encoder.bytes(nil)
            encoder.wide(Int128(Int64.max) * 4)
            encoder.endRow()
        }
        #expect(text == "\\\\x00abff\t\\N\t36893488147419103228\n")
    }

    @Test func cutsChunksOnlyBetweenRows() {
        var encoder = CopyTextEncoder(chunkBytes: 10)
        for row in 0..<50 {
            encoder.int(Int64(row))
            encoder.text("some text")
            encoder.endRow()
        }
        let chunks = encoder.finish()
        #expect(chunks.count > 1)
        for chunk in chunks { #expect(String(buffer: chunk).hasSuffix("\n")) }
        #expect(chunks.map { String(buffer: $0) }.joined().split(separator: "\n").count == 50)
        #expect(encoder.rowCount == 50)
    }
}

/// The schema script is sent one statement at a time: split at `;` outside quotes and `$$` bodies.
@Suite struct SQLScriptTests {
    @Test func splitsAtSemicolonsOutsideQuotesAndDollarBodies() {
        let script = """
            CREATE TABLE a (x text DEFAULT ';');
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'no; never';
            END
            $$;
            SELECT "odd;name" FROM a;
            """
        #expect(SQLScript.statements(script) == [
            "CREATE TABLE a (x text DEFAULT ';')",
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    RAISE EXCEPTION 'no; never';\nEND\n$$",
            "SELECT \"odd;name\" FROM a",
        ])
    }

    @Test func theSchemaHasEveryStatement() {
        let statements = SQLScript.statements(PostgresSchema.tablesSQL)
        #expect(statements.filter { $0.hasPrefix("CREATE TABLE") }.count == 14)
        #expect(statements.filter { $0.hasPrefix("CREATE TRIGGER") }.count == 8)
        #expect(statements.allSatisfy { !$0.hasSuffix(";") })
    }
}
