import CLibCSV

/// Finds where an over-long record ends without keeping any of its bytes (SPEC §3: a record
/// longer than 1 MiB is rejected and reading resumes at the next record boundary).
///
/// Once a record passes the limit the reader stops feeding libcsv — which would buffer the whole
/// field — and runs this scanner over the rest of the record instead. It follows the same grammar
/// as libcsv in its lenient mode (quotes open a field only at its start; a doubled quote is a
/// quote; after a closing quote, spaces may come before the delimiter), so it ends the record
/// exactly where libcsv would have. Memory stays one chunk whatever the record's length.
struct OverlongRecordSkipper {
    private enum State {
        /// Before a field: spaces are skipped, a quote opens a quoted field.
        case betweenFields
        case unquotedField
        case quotedField
        /// A quote inside a quoted field: it closed the field, unless a quote follows at once.
        /// `spaces`: spaces were seen since, so a further quote is a literal one.
        case afterQuote(spaces: Bool)
    }

    private var state: State

    /// Takes over from libcsv mid-record, in the state the parser is in.
    init(parser: UnsafePointer<csv_parser>) {
        switch (parser.pointee.pstate, parser.pointee.quoted != 0) {
        case (2, true): state = .quotedField
        case (2, false): state = .unquotedField
        case (3, _): state = .afterQuote(spaces: parser.pointee.spaces > 0)
        default: state = .betweenFields
        }
    }

    /// Whether the record is still inside a quoted field (at end of file: an unterminated quote).
    var inQuotedField: Bool {
        if case .quotedField = state { return true }
        return false
    }

    /// Scans `count` bytes of text; returns true when the record ends within them (at a CR or LF,
    /// which is always the end of a fed line, so nothing of the next record is among them).
    mutating func scan(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        for index in 0..<count where step(bytes[index]) {
            return true
        }
        return false
    }

    private mutating func step(_ byte: UInt8) -> Bool {
        let isLineEnd = byte == 0x0A || byte == 0x0D
        let isSpace = byte == 0x20 || byte == 0x09
        let quote: UInt8 = 0x22
        let comma: UInt8 = 0x2C
        switch state {
        case .betweenFields:
            if isLineEnd { return true }
            if byte == quote {
                state = .quotedField
            } else if byte != comma && !isSpace {
                state = .unquotedField
            }
        case .unquotedField:
            if isLineEnd { return true }
            if byte == comma { state = .betweenFields }
        case .quotedField:
            if byte == quote { state = .afterQuote(spaces: false) }
        case .afterQuote(let spaces):
            if isLineEnd { return true }
            if byte == comma {
                state = .betweenFields
            } else if isSpace {
                state = .afterQuote(spaces: true)
            } else if byte == quote {
                state = spaces ? .afterQuote(spaces: false) : .quotedField
            } else {
                state = .quotedField
            }
        }
        return false
    }
}
