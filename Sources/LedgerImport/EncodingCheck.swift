/// What the start of a file says about how to read it (SPEC §3): a byte-order mark, or — for a
/// file to be read as UTF-8 — whether its first 64 KiB really are UTF-8.
///
/// Refusing such a file at open, with the encoding it looks like and the option that reads it,
/// beats rejecting half of its rows one by one (a Windows-1252 file is valid ASCII on most rows).
struct EncodingCheck {
    /// How the reader must decode the file.
    let encoding: CSVEncoding
    /// For UTF-16: the code units are big-endian.
    let bigEndian: Bool
    /// Length of the byte-order mark at the start (read, hashed, never parsed).
    let byteOrderMarkBytes: Int

    /// - Parameters:
    ///   - head: the file's first bytes (up to `CSVReader.encodingCheckBytes`).
    ///   - wholeFile: `head` is the whole file, so a multi-byte sequence cut at its end is damage,
    ///     not the edge of what was read.
    ///   - asked: the `--encoding` given for the run.
    /// - Throws: `CSVFileError.unsupportedEncoding` for a UTF-32 byte-order mark, or a UTF-16 one
    ///   unless UTF-16 was asked for; `.notUTF8` when UTF-8 was asked for and the head is not UTF-8.
    init(head: [UInt8], wholeFile: Bool, asked: CSVEncoding, path: String) throws(CSVFileError) {
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            throw .unsupportedEncoding(path: path, encoding: "UTF-32")
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            // The mark cannot mean anything but UTF-8, whatever --encoding says for the other files.
            (encoding, bigEndian, byteOrderMarkBytes) = (.utf8, false, 3)
            return
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            guard asked == .utf16 else { throw .unsupportedEncoding(path: path, encoding: "UTF-16") }
            (encoding, bigEndian, byteOrderMarkBytes) = (.utf16, head[0] == 0xFE, 2)
            return
        }
        byteOrderMarkBytes = 0
        if asked != .utf8 && Self.isEvidentlyUTF8(head, wholeFile: wholeFile, asked: asked) {
            // --encoding names the export that needs it; the run's other files may well be UTF-8.
            (encoding, bigEndian) = (.utf8, false)
            return
        }
        encoding = asked
        // Without a mark, UTF-16 text of mostly ASCII has its zero bytes first when big-endian.
        bigEndian = asked == .utf16 && head.count >= 2 && head[0] == 0 && head[1] != 0
        if asked == .utf8 {
            try Self.checkUTF8(head, wholeFile: wholeFile, path: path)
        }
    }

    /// Whether a file that was to be converted from `asked` is UTF-8 already: its head is valid
    /// UTF-8 and holds non-ASCII text (for UTF-16: no zero byte at all, which UTF-16 text of a CSV
    /// always has). Text in GB18030 or Windows-1252 practically never passes as UTF-8 by chance,
    /// while mis-reading a UTF-8 file would silently alter every non-ASCII name in it.
    static func isEvidentlyUTF8(_ head: [UInt8], wholeFile: Bool, asked: CSVEncoding) -> Bool {
        let hasZero = head.contains(0)
        let hasNonASCII = head.contains { $0 >= 0x80 }
        guard asked == .utf16 ? !hasZero && !head.isEmpty : hasNonASCII else { return false }
        var index = 0
        while index < head.count {
            switch UTF8Scan.sequenceLength(head, at: index) {
            case .valid(let length): index += length
            case .truncated: return !wholeFile
            case .invalid: return false
            }
        }
        return true
    }

    /// - Throws: `CSVFileError.notUTF8` naming the line of the first bad byte and a likely encoding.
    private static func checkUTF8(_ head: [UInt8], wholeFile: Bool, path: String) throws(CSVFileError) {
        // A NUL in a row is that row's problem; a quarter of the bytes being NUL is UTF-16.
        let zeros = head.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if head.count >= 2, zeros * 4 >= head.count {
            throw .notUTF8(path: path, line: 1, likely: .utf16)
        }
        var index = 0
        while index < head.count {
            switch UTF8Scan.sequenceLength(head, at: index) {
            case .valid(let length):
                index += length
            case .truncated where !wholeFile:
                return
            case .truncated, .invalid:
                throw .notUTF8(path: path, line: lineNumber(of: index, in: head), likely: likelyEncoding(of: head))
            }
        }
    }

    /// GB18030 when most non-UTF-8 high bytes come in pairs of high bytes (Chinese characters),
    /// else Windows-1252 (accented letters: a high byte between ASCII letters).
    static func likelyEncoding(of bytes: [UInt8]) -> CSVEncoding {
        var pairs = 0
        var singles = 0
        var index = 0
        while index < bytes.count {
            if case .valid(let length) = UTF8Scan.sequenceLength(bytes, at: index) {
                index += length
            } else if index + 1 < bytes.count, (0x81...0xFE).contains(bytes[index]), (0x80...0xFE).contains(bytes[index + 1]) {
                pairs += 1
                index += 2
            } else {
                singles += 1
                index += 1
            }
        }
        return pairs > singles ? .gb18030 : .windows1252
    }

    /// 1-based physical line of the byte at `offset` (LF, CR LF or a lone CR end a line).
    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        var index = 0
        while index < offset {
            if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
            }
            index += 1
        }
        return line
    }
}
