import Foundation
import Testing

/// Files that are not UTF-8 (SPEC §3; issue 7 item 5): refused with the encoding they look like
/// and the option that reads them, nothing applied; read with `--encoding`, they give the same
/// night as their UTF-8 twin, with the original file's line numbers and hash.
struct EncodingRunTests {
    struct Variant: Sendable, CustomTestStringConvertible {
        /// iconv's name for it.
        var iconvName: String
        /// The `--encoding` value, which the refusal must name.
        var option: String
        var testDescription: String { option }
    }

    /// The sample transfers (Chinese and Japanese text) as Chinese Excel saves them, and as UTF-16.
    static let variants = [Variant(iconvName: "GB18030", option: "gb18030"), Variant(iconvName: "UTF-16", option: "utf-16")]

    @Test(arguments: variants)
    func aConvertedNightEqualsItsUTF8Twin(_ variant: Variant) throws {
        let utf8 = try Sandbox()
        try utf8.copySamples()
        let plain = try utf8.runNight()
        #expect(plain.status == 0, "\(plain)")

        let box = try Sandbox()
        try box.copySamples()
        let converted = try InputFiles.encode(try box.read("transfers.csv"), as: variant.iconvName)
        try converted.write(to: box.url("transfers.csv"))

        let refused = try box.runNight()
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("transfers.csv"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--encoding \(variant.option)"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.latest.path))

        // The other three files stay UTF-8: a file that is UTF-8 already is read as such.
        let outcome = try box.runNight(extra: ["--encoding", variant.option])
        #expect(outcome.status == 0, "\(outcome)")
        for column in ["line", "idempotency_key", "status", "code", "amount"] {
            #expect(try box.report("results.csv").column(column) == (try utf8.report("results.csv").column(column)), "\(column)")
        }
        #expect(try box.ledgerState().accounts == (try utf8.ledgerState().accounts))
        #expect(try box.ledgerState().tenants == (try utf8.ledgerState().tenants))
        let descriptions = "SELECT \(TestBackend.descriptionSQL) FROM transfers t LEFT JOIN transfer_texts x ON x.transfer = t.id ORDER BY t.id"
        let read = { (sandbox: Sandbox) throws in try sandbox.strings(descriptions) }
        #expect(try read(box) == (try read(utf8)))
        let transfers = try #require(try box.summary().inputs.first { $0.role == "transfers" })
        #expect(transfers.sha256 == (try InputFiles.sha256(of: converted)), "the hash is that of the original bytes")
    }

    /// A Windows-1252 export (issue 7: it used to be half-applied): refused naming windows-1252;
    /// with the option every row applies with its accented text intact.
    @Test func windows1252IsRefusedThenReadWithTheOption() throws {
        let box = try Sandbox()
        try box.copySamples()
        let text = InputFiles.transfersHeader
            + "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,1.00,CNY,w1,Café crème,,pos,,\n"
            + "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,2.00,CNY,w2,Müller – 5 €,,pos,,\n"
            + "wallet,tnt_sh_tea,usr_li_wei,usr_wang_fang,3.00,CNY,w3,plain,,pos,,\n"
        try InputFiles.encode(text, as: "WINDOWS-1252").write(to: box.url("western.csv"))

        let refused = try box.runNight(transfers: ["western.csv"], expected: nil)
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("western.csv:2: the file is not UTF-8"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--encoding windows-1252"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.latest.path))

        let outcome = try box.runNight(transfers: ["western.csv"], expected: nil, extra: ["--encoding", "windows-1252"])
        #expect(outcome.status == 0, "\(outcome)")
        let results = try box.report("results.csv")
        #expect(try results.column("status") == ["applied", "applied", "applied"])
        let descriptions = try box.strings("""
            SELECT \(TestBackend.descriptionSQL) FROM transfers t LEFT JOIN transfer_texts x ON x.transfer = t.id
            WHERE t.entry_type = 'transfer' ORDER BY t.id
            """)
        #expect(descriptions == ["Café crème", "Müller – 5 €", "plain"])
    }

    @Test func anUnknownEncodingIsAUsageError() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight(extra: ["--encoding", "ebcdic"])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.contains("--encoding must be one of utf-8, gb18030, windows-1252, latin1, utf-16"))
    }
}
