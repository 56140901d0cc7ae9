/// A column that a typed reader knows, declared as an `Int`-backed enum whose raw values are
/// 0, 1, 2, … in case order.
///
/// The raw value is the column's slot in the table `MappedCSVFile` builds once per file, so reading a
/// field costs an array access rather than a name lookup per field of a million-row file.
public protocol CSVColumn: CaseIterable, Sendable, RawRepresentable where RawValue == Int {
    /// The name the header must use, compared trimmed and case-insensitively (SPEC §3).
    var headerName: String { get }
    /// Whether a file without this column is refused at open time.
    var isRequired: Bool { get }
}
