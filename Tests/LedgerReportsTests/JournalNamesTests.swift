import LedgerCore
import LedgerReports
import LedgerStore
import LedgerStorage
import LedgerTestSupport
import Testing

/// The export's name mappings (SPEC §7, README "Export to hledger / Beancount"): every id maps to
/// a name the tool accepts, and the README's reversal gives the id back, byte for byte.
struct JournalNamesTests {
    static let hardIDs = [
        "usr_1", "tnt_sh_tea", "jos\u{E9}", "jose\u{301}", "a  b", "x:y", "用户甲", "q\"uote,1", "pct%41", "%", "-", "_",
        "9lives", "Upper", "tab\tin", "line\nbreak", ";comment", "(code)", "*", "emoji😀", "\u{200B}zw", "\u{3000}wide space",
        "a\u{2028}b", "back\\slash", "'quote'", "trailing_",
    ]

    /// A few thousand ids of 1–12 scalars from ASCII, Latin, CJK, combining marks and emoji, from a fixed seed.
    static let randomIDs: [String] = {
        var generator = SplitMix64(seed: 0x5EED_1D5)
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x00...0x1F, 0xA0...0x17F, 0x300...0x36F, 0x4E00...0x4E80, 0x1F600...0x1F640]
        return (0..<3000).map { _ in
            var id = ""
            for _ in 0..<(1 + Int(generator.next() % 12)) {
                let range = ranges[Int(generator.next() % UInt64(ranges.count))]
                id.unicodeScalars.append(Unicode.Scalar(range.lowerBound + UInt32(generator.next() % UInt64(range.count)))!)
            }
            return id
        }
    }()

    static var allIDs: [String] { hardIDs + randomIDs }

    @Test func hledgerNamesHoldNoSyntaxAndDecodeToTheID() throws {
        for id in Self.allIDs {
            let name = HledgerNames.escape(id)
            #expect(try Self.decode(name, marker: "%") == Array(id.utf8), "\(id.debugDescription) → \(name)")
            let forbidden = name.unicodeScalars.filter { scalar in
                scalar == ":" || scalar == ";" || scalar == "," || scalar == "\"" || scalar.properties.isWhitespace
                    || scalar.value < 0x20 || scalar.value == 0x7F
            }
            #expect(forbidden.isEmpty, "\(id.debugDescription) → \(name)")
        }
    }

    @Test func beancountComponentsFollowBeancountsRuleAndDecodeToTheID() throws {
        for id in Self.allIDs {
            let component = BeancountNames.component("U", id)
            #expect(component.wholeMatch(of: /[A-Z0-9][A-Za-z0-9-]*/) != nil, "\(id.debugDescription) → \(component)")
            #expect(try Self.decode(String(component.dropFirst()), marker: "-") == Array(id.utf8), "\(id.debugDescription) → \(component)")
        }
    }

    @Test func beancountCommoditiesAreValidDistinctAndReversible() throws {
        var byCommodity: [String: [UInt8]] = [:]
        for id in Self.allIDs + ["cash_equivalent", "loyalty_program_points_type_x", "CASH_EQUIVALENT"] {
            let commodity = BeancountNames.commodity(Asset(pointsType: id))
            #expect(commodity.wholeMatch(of: /[A-Z][A-Z0-9'._-]{0,22}[A-Z0-9]/) != nil, "\(id.debugDescription) → \(commodity)")
            let bytes = Array(id.utf8)
            #expect(byCommodity[commodity].map { $0 == bytes } ?? true, "two points types share \(commodity)")
            byCommodity[commodity] = bytes
            guard commodity.hasPrefix("P.") else {
                #expect(commodity.hasPrefix("PX."), "\(commodity)")
                continue
            }
            // The README's reversal: drop `P.`, then left to right `'HH` is the byte HH, a letter its lower case.
            let decoded = try Self.decode(String(commodity.dropFirst(2)), marker: "'") { byte in
                (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            }
            #expect(decoded == bytes, "\(id.debugDescription) → \(commodity)")
        }
        #expect(BeancountNames.commodity(Asset(pointsType: "cash_equivalent")) == "P.CASH_EQUIVALENT")
        #expect(BeancountNames.commodity(Asset(currency: .cny)) == "CNY")
    }

    @Test func accountNamesFollowSpecSection7() {
        let wallet = AccountKey(tenantID: "tnt_a", kind: .wallet, asset: "CNY", userID: "usr_1")
        let equity = AccountKey(tenantID: "tnt_a", kind: .wallet, asset: "CNY", userID: AccountKey.systemUserID)
        let points = AccountKey(tenantID: "tnt_a", kind: .points, asset: "cash_equivalent", userID: "usr_1")
        #expect(HledgerNames.account(wallet) == "liabilities:tnt_a:wallet:CNY:usr_1")
        #expect(HledgerNames.account(equity) == "equity:tnt_a:opening:CNY")
        #expect(HledgerNames.account(points) == "liabilities:tnt_a:points:cash_equivalent:usr_1")
        #expect(BeancountNames.account(wallet) == "Liabilities:Ttnt-5Fa:Wallet:CNY:Uusr-5F1")
        #expect(BeancountNames.account(equity) == "Equity:Ttnt-5Fa:Opening:CNY")
        #expect(BeancountNames.account(points) == "Liabilities:Ttnt-5Fa:Points:Pcash-5Fequivalent:Uusr-5F1")
        // Canonically equivalent ids are two users, so two accounts.
        let composed = AccountKey(tenantID: "t", kind: .wallet, asset: "CNY", userID: "jos\u{E9}")
        let decomposed = AccountKey(tenantID: "t", kind: .wallet, asset: "CNY", userID: "jose\u{301}")
        #expect(Array(HledgerNames.account(composed).utf8) != Array(HledgerNames.account(decomposed).utf8))
        #expect(BeancountNames.account(composed) != BeancountNames.account(decomposed))
    }

    @Test(arguments: ["*star", "!bang", "(code) x", "a;b", "100%", "line\nbreak", " lead"])
    func hledgerDescriptionsCannotBecomeSyntax(text: String) throws {
        let safe = HledgerNames.text(text)
        #expect(!safe.contains(";") && !safe.contains("\n"))
        #expect(!["*", "!", "(", " "].contains(safe.first))
        #expect(try Self.decode(safe, marker: "%") == Array(text.utf8))
    }

    /// `<marker>HH` → byte HH; any other byte through `literal`.
    static func decode(_ text: String, marker: Character, literal: (UInt8) -> UInt8 = { $0 }) throws -> [UInt8] {
        let marker = UInt8(ascii: marker.unicodeScalars.first!)
        let bytes = Array(text.utf8)
        var decoded: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == marker else {
                decoded.append(literal(bytes[index]))
                index += 1
                continue
            }
            let hex = try #require(index + 2 < bytes.count ? String(decoding: bytes[index + 1...index + 2], as: UTF8.self) : nil)
            decoded.append(try #require(UInt8(hex, radix: 16)))
            index += 3
        }
        return decoded
    }
}
