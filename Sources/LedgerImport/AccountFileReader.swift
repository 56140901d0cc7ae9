import LedgerCore

/// Reads an accounts file (SPEC §3 accounts) as `AccountRow`s, one at a time.
public final class AccountFileReader {
    /// The columns of an accounts file; the first four are required.
    public enum Column: Int, CSVColumn {
        case tenantID, userID, kind, balance
        case currency, frozenBalance, status, applicationID, totalEarned, totalSpent, expiredPoints

        public var headerName: String {
            switch self {
            case .tenantID: "tenant_id"
            case .userID: "user_id"
            case .kind: "kind"
            case .balance: "balance"
            case .currency: "currency"
            case .frozenBalance: "frozen_balance"
            case .status: "status"
            case .applicationID: "application_id"
            case .totalEarned: "total_earned"
            case .totalSpent: "total_spent"
            case .expiredPoints: "expired_points"
            }
        }

        public var isRequired: Bool {
            switch self {
            case .tenantID, .userID, .kind, .balance: true
            default: false
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
    /// Header columns that are not account columns, to be reported once.
    public var unknownColumns: [String] { file.unknownColumns }
    /// Bytes read so far, for progress reports.
    public var bytesRead: Int { file.bytesRead }

    /// The next row, or `nil` at end of file.
    ///
    /// - Throws: `CSVFileError.cannotRead` when reading fails.
    public func next() throws(CSVFileError) -> AccountRow? {
        guard let record = try file.next() else { return nil }
        return AccountRow(
            tenantID: record[.tenantID], userID: record[.userID], kind: record[.kind], balance: record[.balance],
            currency: record[ifPresent: .currency], frozenBalance: record[ifPresent: .frozenBalance],
            status: record[ifPresent: .status], applicationID: record[ifPresent: .applicationID],
            totalEarned: record[ifPresent: .totalEarned], totalSpent: record[ifPresent: .totalSpent],
            expiredPoints: record[ifPresent: .expiredPoints],
            origin: RowOrigin(file: path, line: record.line), recordProblem: record.problem)
    }
}
