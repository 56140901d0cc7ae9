extension String {
    /// This text without surrounding white space, as SPEC §3 asks of every field and header name.
    ///
    /// White space is Unicode's White_Space property — space, tab, line breaks, no-break space,
    /// the full-width space U+3000 and the like — because spreadsheets and East Asian input methods
    /// leave all of them behind. Work is done on Unicode scalars, not Characters, so a combining mark
    /// after a leading space is not dropped with it.
    func trimmedForCSV() -> String {
        // The ends through the contiguous UTF-8 (no copy for a native string): the generic `last`
        // of a String's UTF8View costs more than the rest of this check.
        var text = self
        let ends = text.withUTF8 { bytes in bytes.isEmpty ? nil : (bytes[0], bytes[bytes.count - 1]) }
        guard let (first, last) = ends else { return self }
        if Self.isVisibleASCII(first) && Self.isVisibleASCII(last) {
            return self  // the common case: nothing to trim, no copy
        }
        let scalars = unicodeScalars
        if let head = scalars.first, let tail = scalars.last, !Self.isWhiteSpace(head), !Self.isWhiteSpace(tail) {
            return self  // text that starts or ends outside ASCII (a Chinese description): still nothing to trim
        }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(Substring(scalars[start...end]))
    }

    /// Unicode's White_Space property, as `properties.isWhitespace` answers it, without the
    /// property table look-up: the set is small and fixed.
    static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }
}
