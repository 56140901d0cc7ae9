#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts one file's text to UTF-8 through the system's iconv, a piece at a time (SPEC §3
/// `--encoding`).
///
/// The reader hands over the original bytes of one physical line (or the part of it inside the
/// current chunk); a character cut at a chunk's edge is kept and finished with the next piece.
/// Bytes that are not valid in the encoding become U+FFFD and are reported, so the row they are in
/// is rejected rather than applied with altered text.
final class TextConverter {
    private let converter: iconv_t
    /// Bytes skipped over an invalid sequence: a code unit.
    private let unitWidth: Int
    /// The start of a character cut off at the end of the last piece.
    private var carried: [UInt8] = []
    private var output: UnsafeMutablePointer<UInt8>
    private var outputCapacity: Int

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]  // U+FFFD in UTF-8

    /// - Returns: `nil` when iconv has no converter for the encoding.
    init?(encoding: CSVEncoding, bigEndian: Bool) {
        let name: String
        switch encoding {
        case .utf8: name = "UTF-8"
        case .gb18030: name = "GB18030"
        case .windows1252: name = "WINDOWS-1252"
        case .latin1: name = "ISO-8859-1"
        case .utf16: name = bigEndian ? "UTF-16BE" : "UTF-16LE"
        }
        let descriptor = iconv_open("UTF-8", name)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        converter = descriptor
        unitWidth = encoding.unitWidth
        outputCapacity = 64 * 1024
        output = .allocate(capacity: outputCapacity)
    }

    deinit {
        iconv_close(converter)
        output.deallocate()
    }

    /// Converts `count` bytes; the UTF-8 text is valid until the next call. `invalid` is true when
    /// some input could not be converted (shown as U+FFFD). With `final`, a character still cut
    /// short at the end is invalid rather than carried into the next piece.
    func convert(_ bytes: UnsafePointer<UInt8>, count: Int, final: Bool) -> (text: UnsafeBufferPointer<UInt8>, invalid: Bool) {
        if carried.isEmpty {
            return convertWhole(bytes, count: count, final: final)
        }
        let joined = carried + UnsafeBufferPointer(start: bytes, count: count)
        carried = []
        return joined.withUnsafeBufferPointer { convertWhole($0.baseAddress!, count: $0.count, final: final) }
    }

    /// End of file: whatever is still carried is an incomplete character.
    func finish() -> (text: UnsafeBufferPointer<UInt8>, invalid: Bool) {
        guard !carried.isEmpty else { return (UnsafeBufferPointer(start: output, count: 0), false) }
        let joined = carried
        carried = []
        return joined.withUnsafeBufferPointer { convertWhole($0.baseAddress!, count: $0.count, final: true) }
    }

    private func convertWhole(_ bytes: UnsafePointer<UInt8>, count: Int, final: Bool) -> (text: UnsafeBufferPointer<UInt8>, invalid: Bool) {
        // Every supported encoding takes at most 3 UTF-8 bytes per input byte.
        reserve(count * 3 + 16)
        var input = UnsafeMutableRawPointer(mutating: bytes).assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
        var inputLeft = count
        var written = 0
        var invalid = false
        while inputLeft > 0 {
            var out = UnsafeMutableRawPointer(output + written).assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
            var outLeft = outputCapacity - written
            let result = iconv(converter, &input, &inputLeft, &out, &outLeft)
            written = outputCapacity - outLeft
            guard result == -1 else { break }
            switch errno {
            case E2BIG:
                reserve(outputCapacity * 2)
            case EINVAL where !final:
                carried = Array(UnsafeBufferPointer(start: UnsafeRawPointer(input!).assumingMemoryBound(to: UInt8.self), count: inputLeft))
                inputLeft = 0
            default:
                // EILSEQ, or a character cut short at the end of a line or the file.
                invalid = true
                reserve(written + Self.replacement.count + inputLeft * 3 + 16)
                for byte in Self.replacement {
                    output[written] = byte
                    written += 1
                }
                let skip = min(unitWidth, inputLeft)
                input = input.map { $0 + skip }
                inputLeft -= skip
            }
        }
        return (UnsafeBufferPointer(start: output, count: written), invalid)
    }

    /// Grows the output buffer to at least `capacity` bytes, keeping what it holds.
    private func reserve(_ capacity: Int) {
        guard capacity > outputCapacity else { return }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: output, count: outputCapacity)
        output.deallocate()
        output = grown
        outputCapacity = capacity
    }
}
