/// One record of a `MappedCSVFile`, whose fields are read by column rather than by position.
///
/// Every value comes back trimmed of surrounding white space (SPEC §3). A ragged record still
/// yields what it has — a column beyond its last field reads as empty — and says so in `problem`.
public struct MappedCSVRecord<Column: CSVColumn>: Sendable {
    /// 1-based physical line on which the record starts.
    public let line: Int
    /// Why the row must be rejected (ragged, invalid UTF-8, NUL, unterminated quote), or `nil`.
    public let problem: String?
    private let fields: [String]
    private let fieldIndexes: [Int]

    init(fields: [String], line: Int, problem: String?, fieldIndexes: [Int]) {
        self.fields = fields
        self.line = line
        self.problem = problem
        self.fieldIndexes = fieldIndexes
    }

    /// The column's trimmed value; empty when the header lacks the column or the record is short.
    public subscript(column: Column) -> String {
        self[ifPresent: column] ?? ""
    }

    /// The column's trimmed value, or `nil` when the header has no such column — so that an absent
    /// optional column can be told from one left empty.
    public subscript(ifPresent column: Column) -> String? {
        let index = fieldIndexes[column.rawValue]
        guard index >= 0 else { return nil }
        return index < fields.count ? fields[index].trimmedForCSV() : ""
    }
}
