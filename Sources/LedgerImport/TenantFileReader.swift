public import LedgerCore

/// Reads a tenants file (SPEC §3 tenants) as `TenantRow`s, one at a time.
///
/// A `CSVRowReader` of `TenantRow`s.
public typealias TenantFileReader = CSVRowReader<TenantRow>

extension TenantRow: CSVRowMapping {
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

    public init(record: MappedCSVRecord<Column>, origin: RowOrigin) {
        self.init(
            tenantID: record[.tenantID], name: record[.name], transferEnabled: record[.transferEnabled],
            pointsType: record[ifPresent: .pointsType], exchangeRate: record[ifPresent: .exchangeRate],
            currency: record[ifPresent: .currency],
            origin: origin, recordProblem: record.problem)
    }
}
