import LedgerCore

/// Reads an expected-balances file (SPEC §3 expected balances) as `ExpectedBalanceRow`s.
public final class ExpectedBalanceFileReader {
    /// The columns of an expected-balances file; the first four are required.
    public enum Column: Int, CSVColumn {
        case tenantID, userID, kind, balance
        case currency, frozenBalance

        public var headerName: String {
            switch self {
            case .tenantID: "tenant_id"
            case .userID: "user_id"
            case .kind: "kind"
            case .balance: "balance"
            case .currency: "currency"
            case .frozenBalance: "frozen_balance"
            }
        }

        public var isRequired: Bool {
            switch self {
            case .tenantID, .userID, .kind, .balance: true
            case .currency, .frozenBalance: false
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
    /// Header columns that are not expected-balance columns, to be reported once.
    public var unknownColumns: [String] { file.unknownColumns }
    /// Bytes read so far, for progress reports.
    public var bytesRead: Int { file.bytesRead }

    /// The next row, or `nil` at end of file.
    ///
    /// - Throws: `CSVFileError.cannotRead` when reading fails.
    public func next() throws(CSVFileError) -> ExpectedBalanceRow? {
        guard let record = try file.next() else { return nil }
        return ExpectedBalanceRow(
            tenantID: record[.tenantID], userID: record[.userID], kind: record[.kind], balance: record[.balance],
            currency: record[ifPresent: .currency], frozenBalance: record[ifPresent: .frozenBalance],
            origin: RowOrigin(file: path, line: record.line), recordProblem: record.problem)
    }
}
