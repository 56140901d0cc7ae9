import LedgerCore
import LedgerImport
import Testing

/// The four typed readers of SPEC §3: mapping by name, trimming, absent vs empty, row problems.
struct TypedReaderTests {
    /// One of the typed readers, so that the header rules can be checked for each.
    enum Kind: String, CaseIterable, Sendable {
        case transfers, tenants, accounts, expectedBalances

        var required: [String] {
            switch self {
            case .transfers: ["kind", "tenant_id", "from_user_id", "to_user_id", "amount"]
            case .tenants: ["tenant_id", "name", "transfer_enabled"]
            case .accounts, .expectedBalances: ["tenant_id", "user_id", "kind", "balance"]
            }
        }

        /// Opens `path` with this reader, returning its unknown columns.
        func open(_ path: String) throws(CSVFileError) -> [String] {
            switch self {
            case .transfers: try TransferFileReader(path: path).unknownColumns
            case .tenants: try TenantFileReader(path: path).unknownColumns
            case .accounts: try AccountFileReader(path: path).unknownColumns
            case .expectedBalances: try ExpectedBalanceFileReader(path: path).unknownColumns
            }
        }
    }

    static let missingCases: [(Kind, String)] = Kind.allCases.flatMap { kind in kind.required.map { (kind, $0) } }

    @Test(arguments: missingCases)
    func eachRequiredColumnIsRequired(kind: Kind, column: String) throws {
        let header = kind.required.filter { $0 != column }.joined(separator: ",")
        try TestFiles.withFile(header + "\n") { (path: String) throws in
            #expect(throws: CSVFileError.missingColumn(path: path, line: 1, name: column)) { try kind.open(path) }
        }
    }

    @Test(arguments: Kind.allCases)
    func requiredColumnsAloneSufficeAndExtrasAreReported(kind: Kind) throws {
        let header = (kind.required.reversed().map { $0.uppercased() } + ["note"]).joined(separator: ",")
        try TestFiles.withFile(header + "\n") { (path: String) throws in
            #expect(try kind.open(path) == ["note"])
        }
    }

    @Test func transferRowMapsEveryColumnByName() throws {
        let header = "requested_at,Reference_ID,source,reason,description,idempotency_key,currency,AMOUNT,to_user_id,"
            + "from_user_id,tenant_id,kind,memo"
        let row = "2024-05-01T10:00:00Z, ref-1 ,batch,\"gift, birthday\",\u{3000}生日快乐\u{3000},"
            + "key-1,CNY, 100.00 ,"
            + "u2,u1,t1,\ttransfer\t,ignored"
        try TestFiles.withFile(header + "\r\n" + row + "\r\n") { (path: String) throws in
            let reader = try TransferFileReader(path: path)
            #expect(reader.unknownColumns == ["memo"])
            #expect(reader.path == path)
            #expect(try reader.next() == TransferRow(
                kind: "transfer", tenantID: "t1", fromUserID: "u1", toUserID: "u2", amount: "100.00", currency: "CNY",
                idempotencyKey: "key-1", description: "生日快乐", reason: "gift, birthday", source: "batch",
                referenceID: "ref-1", requestedAt: "2024-05-01T10:00:00Z", origin: RowOrigin(file: path, line: 2)))
            #expect(try reader.next() == nil)
            #expect(reader.bytesRead > 0)
        }
    }

    @Test func transferRowProblemsTravelWithTheRow() throws {
        let text = "kind,tenant_id,from_user_id,to_user_id,amount\n"
            + "transfer,t1,u1,u2,5\n"
            + "transfer,t1,u1\n"
            + "transfer,t1,u1,u2,5\0\n"
            + "transfer,t1,u1,u2,\"5\n"
        try TestFiles.withFile(text) { (path: String) throws in
            let reader = try TransferFileReader(path: path)
            var rows: [TransferRow] = []
            while let row = try reader.next() { rows.append(row) }
            #expect(rows.map(\.origin.line) == [2, 3, 4, 5])
            #expect(rows.map(\.recordProblem) == [
                nil, "record has 3 fields, header has 5", "field 5 contains a NUL byte",
                "unterminated quote: the rest of the file from line 5 was read as one record",
            ])
            #expect(rows[1].fromUserID == "u1" && rows[1].amount == "")
            #expect(rows[0].currency == "" && rows[0].requestedAt == "")
        }
    }

    /// Surrounding white space of any kind is trimmed; inner white space stays.
    @Test(arguments: [
        (" Acme ", "Acme"), ("\u{3000}Acme\u{3000}", "Acme"), ("\tAcme\t", "Acme"), ("\u{00A0}Acme\u{2003}", "Acme"),
        ("\"  北京, 朝阳 \"", "北京, 朝阳"), ("\"a\nb\"", "a\nb"), ("\" \r\n张 三\r\n \"", "张 三"),
        ("\u{3000}", ""),
        ("\" \u{301}x\"", "\u{301}x"),
    ])
    func valuesAreTrimmed(cell: String, expected: String) throws {
        try TestFiles.withFile("tenant_id,name,transfer_enabled\nt1,\(cell),yes\n") { (path: String) throws in
            let row = try #require(try TenantFileReader(path: path).next())
            #expect(row.name == expected)
            #expect(row.recordProblem == nil)
        }
    }

    @Test func tenantOptionalColumnsAbsentAreNilAndEmptyAreEmpty() throws {
        try TestFiles.withFile("name,TENANT_ID,transfer_enabled,currency\nAcme,t1,true,\n") { (path: String) throws in
            let row = try #require(try TenantFileReader(path: path).next())
            #expect(row == TenantRow(
                tenantID: "t1", name: "Acme", transferEnabled: "true", pointsType: nil, exchangeRate: nil, currency: "",
                origin: RowOrigin(file: path, line: 2)))
        }
    }

    @Test func accountRowMapsEveryColumnByName() throws {
        let text = "expired_points,total_spent,total_earned,application_id,status,frozen_balance,balance,"
            + "currency,kind,user_id,tenant_id\n"
            + "1,2,3,app,active,0.50,10.00,CNY,wallet,u1,t1\n"
            + "\n"
            + "t2\n"
        try TestFiles.withFile(text) { (path: String) throws in
            let reader = try AccountFileReader(path: path)
            #expect(try reader.next() == AccountRow(
                tenantID: "t1", userID: "u1", kind: "wallet", balance: "10.00", currency: "CNY", frozenBalance: "0.50",
                status: "active", applicationID: "app", totalEarned: "3", totalSpent: "2", expiredPoints: "1",
                origin: RowOrigin(file: path, line: 2)))
            let ragged = try #require(try reader.next())
            #expect(ragged.origin.line == 4)
            #expect(ragged.recordProblem == "record has 1 fields, header has 11")
            #expect(try reader.next() == nil)
        }
    }

    @Test func expectedBalanceRowMapsByName() throws {
        try TestFiles.withFile("Balance,Kind,User_Id,Tenant_Id,extra\n1500,points,u1,t1,x\n") { (path: String) throws in
            let reader = try ExpectedBalanceFileReader(path: path)
            #expect(reader.unknownColumns == ["extra"])
            #expect(try reader.next() == ExpectedBalanceRow(
                tenantID: "t1", userID: "u1", kind: "points", balance: "1500", currency: nil, frozenBalance: nil,
                origin: RowOrigin(file: path, line: 2)))
        }
    }
}
