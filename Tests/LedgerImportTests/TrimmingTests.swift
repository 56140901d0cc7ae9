import Testing
@testable import LedgerImport

/// SPEC §3: every field is trimmed of Unicode white space; the fast paths must agree with the
/// Unicode property they stand in for.
struct TrimmingTests {
    @Test func theWhiteSpaceSetIsUnicodesWhiteSpaceProperty() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(String.isWhiteSpace(scalar) == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
    }

    @Test(arguments: [
        ("转账 1", "转账 1"), ("\u{3000}转账\u{3000}", "转账"), ("积分\u{00A0}", "积分"), ("\u{2003}é", "é"),
        (" a ", "a"), ("é\u{301} ", "é\u{301}"), ("\u{85}", ""), ("日本", "日本"),
    ])
    func fieldsAreTrimmedOfWhiteSpaceOnly(_ text: String, _ trimmed: String) {
        #expect(Array(text.trimmedForCSV().unicodeScalars) == Array(trimmed.unicodeScalars))
    }
}
