/// Text as PostgreSQL can store it: a `text` value cannot hold the NUL character (SQLite's can), and
/// a statement or COPY carrying one fails. Rows whose fields hold a NUL are rejected before they reach
/// the ledger (SPEC §3, invalid_request), but what the run itself records (a rejection's message
/// quoting the row, an input path, the command line, a failure's reason) may still carry one: each
/// NUL becomes U+FFFD, the replacement character, so the run records it instead of failing.
enum PostgresText {
    /// `text` with every NUL replaced by U+FFFD; the same string when it has none (the usual case).
    static func storable(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }

    static func storable(_ text: String?) -> String? { text.map(storable) }
}
