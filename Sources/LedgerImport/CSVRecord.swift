/// One CSV record as the file spelled it, before any column mapping or trimming.
///
/// A record with `problem` set is still returned rather than thrown, because SPEC §3 rejects a bad
/// row with its line number and goes on with the rest of the file.
public struct CSVRecord: Hashable, Sendable {
    /// The fields in file order. Quoted fields have their quotes removed and doubled quotes undone;
    /// invalid UTF-8 is shown with U+FFFD (and `problem` says so); a NUL byte is kept, never cut at.
    public var fields: [String]
    /// 1-based physical line on which the record starts; a quoted field spanning lines does not
    /// change it, and CR LF, LF or a lone CR each end one line.
    public var line: Int
    /// Why the record cannot be trusted (invalid UTF-8, NUL byte, unterminated quote, over-long
    /// record), as a message for the row's rejection; `nil` for a sound record.
    public var problem: String?

    public init(fields: [String], line: Int, problem: String? = nil) {
        self.fields = fields
        self.line = line
        self.problem = problem
    }
}
