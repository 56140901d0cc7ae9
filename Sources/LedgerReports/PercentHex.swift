/// A byte written as a marker and two upper-case hex digits (`%3A`, `-5F`, `'2E`): the escape the
/// export's name mappings share (`HledgerNames`, `BeancountNames`).
enum PercentHex {
    private static let digits = Array("0123456789ABCDEF")

    static func encode(_ byte: UInt8, marker: Character) -> String {
        String([marker, digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
