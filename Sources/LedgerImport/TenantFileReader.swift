import LedgerCore

/// Reads a tenants file (SPEC §3 tenants) as `TenantRow`s, one at a time.
public final class TenantFileReader {
    /// The columns of a tenants file; the first three are required.
    public enum Column: Int, CSVColumn {
        case tenantID, name, transferEnabled
        case pointsType, exchangeRate, currency

        public var headerName: String {
            switch self {
            case .tenantID: "tenant_id"
            case .name: "name"
            case .transferEnabled: "transfer_enabled"
            case .pointsType: "points_type"
            case .exchangeRate: "exchange_rate"
            case .currency: "currency"
            }
        }

        public var isRequired: Bool {
            switch self {
            case .tenantID, .name, .transferEnabled: true
            case .pointsType, .exchangeRate, .currency: false
            }
        }
    }

    private let file: MappedCSVFile<Column>

    /// Opens the file and checks its header.
    ///
    /// - Throws: `CSVFileError` for a missing or unreadable file, a bad header, or a missing
    ///   required column.
    public init(path: String) throws(CSVFileError) {
        file = try MappedCSVFile(path: path)
    }

    /// The file, as the caller spelled its path.
    public var path: String { file.path }
    /// Header columns that are not tenant columns, to be reported once.
    public var unknownColumns: [String] { file.unknownColumns }
    /// Bytes read so far, for progress reports.
    public var bytesRead: Int { file.bytesRead }

    /// The next row, or `nil` at end of file.
    ///
    /// - Throws: `CSVFileError.cannotRead` when reading fails.
    public func next() throws(CSVFileError) -> TenantRow? {
        guard let record = try file.next() else { return nil }
        return TenantRow(
            tenantID: record[.tenantID], name: record[.name], transferEnabled: record[.transferEnabled],
            pointsType: record[ifPresent: .pointsType], exchangeRate: record[ifPresent: .exchangeRate],
            currency: record[ifPresent: .currency],
            origin: RowOrigin(file: path, line: record.line), recordProblem: record.problem)
    }
}
