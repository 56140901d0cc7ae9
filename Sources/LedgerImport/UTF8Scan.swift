/// UTF-8 well-formedness a sequence at a time (Unicode Table 3-7), telling a sequence cut short
/// by the end of the bytes from a damaged one.
enum UTF8Scan {
    enum Sequence: Equatable {
        case valid(Int)
        case truncated
        case invalid
    }

    static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Sequence {
        let lead = bytes[index]
        let second: ClosedRange<UInt8>
        let length: Int
        switch lead {
        case 0x00...0x7F: return .valid(1)
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return .invalid
        }
        for offset in 1..<length {
            guard index + offset < bytes.count else { return .truncated }
            let range = offset == 1 ? second : 0x80...0xBF
            guard range.contains(bytes[index + offset]) else { return .invalid }
        }
        return .valid(length)
    }
}
