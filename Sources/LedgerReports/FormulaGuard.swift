/// Spreadsheet formula injection (SPEC §5): a text cell from input that a spreadsheet would read
/// as a formula is prefixed with `'`.
///
/// A spreadsheet starts a formula at `=`, `+`, `-`, `@` (and treats a leading tab or CR the
/// same way on import); East Asian spreadsheets accept the full-width and small forms too, and
/// skip invisible format characters (zero-width space, BOM, bidi marks) before them, so those
/// are looked through. JSON reports keep the raw text.
enum FormulaGuard {
    /// `= + - @ TAB CR`, their full-width forms `＝＋－＠` and small forms `﹦﹢﹣﹫`.
    static let formulaStarts: Set<UInt32> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D, 0xFF1D, 0xFF0B, 0xFF0D, 0xFF20,
                                             0xFE66, 0xFE62, 0xFE63, 0xFE6B]

    static func neutralised(_ text: String) -> String {
        // Fast path: a first byte that is printable ASCII and no formula start settles it.
        guard let first = text.utf8.first else { return text }
        if first < 0x80, !formulaStarts.contains(UInt32(first)) { return text }
        return startsLikeFormula(text) ? "'" + text : text
    }

    static func startsLikeFormula(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            if formulaStarts.contains(scalar.value) { return true }
            if !isInvisible(scalar) { return false }
        }
        return false
    }

    /// Characters that show nothing: format characters (Cf: U+200B–U+200F, U+2060–U+2064, U+FEFF,
    /// U+00AD, bidi controls), the combining grapheme joiner and the Hangul fillers.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.generalCategory == .format { return true }
        return [0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0].contains(scalar.value)
    }
}
