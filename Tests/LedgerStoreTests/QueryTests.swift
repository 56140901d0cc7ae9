import Foundation
import GRDB
import LedgerAPI
import LedgerCore
import LedgerStore
import LedgerStorage
import Testing

/// `transactions` and `accounts` (SPEC §4): pages, filters, both kinds, 404s, the query plan, and
/// JSON field names and types exactly as the seeds define them.
struct QueryTests {
    // MARK: The seeds' schemas (../shared/seeds/)

    static let listFields: Set = ["code", "message", "items", "pagination", "total", "timestamp"]
    static let pageInfoFields: Set = ["page", "page_size", "total", "total_pages", "has_next", "has_prev"]
    static let simpleResponseFields: Set = ["code", "message", "timestamp"]
    /// `dto.PointTransactionResponse`: field → JSON type.
    static let pointsRecordTypes: [String: String] = [
        "id": "string", "account_id": "string", "user_id": "string", "type": "string", "amount": "integer",
        "balance_before": "integer", "balance_after": "integer", "description": "string", "reason": "string",
        "source": "string", "related_id": "string", "idempotency_key": "string", "status": "string",
        "expires_at": "null", "created_at": "string", "updated_at": "string",
    ]
    /// `dto.TransactionResponse`.
    static let walletRecordTypes: [String: String] = [
        "id": "string", "wallet_id": "string", "type": "string", "amount": "string", "balance_before": "string",
        "balance_after": "string", "counterparty_id": "string", "currency": "string", "description": "string",
        "reference_id": "string", "status": "string", "created_at": "string",
    ]
    /// `dto.WalletResponse`.
    static let walletTypes: [String: String] = [
        "wallet_id": "string", "application_id": "string", "tenant_id": "string", "user_id": "string",
        "currency": "string", "balance": "string", "frozen_balance": "string", "status": "string",
        "created_at": "string", "updated_at": "string",
    ]
    /// `dto.PointAccountResponse`.
    static let pointsAccountTypes: [String: String] = [
        "id": "string", "tenant_id": "string", "user_id": "string", "points_type": "string", "exchange_rate": "integer",
        "balance": "integer", "frozen_balance": "integer", "total_earned": "integer", "total_spent": "integer",
        "expired_points": "integer", "status": "string", "version": "integer", "created_at": "string",
        "updated_at": "string",
    ]

    // MARK: Helpers

    static let now: Int64 = 1_777_000_000_123

    func page(_ ledger: LedgerFixture, tenant: String = "t1", _ user: String, kind: String? = nil, currency: String? = nil,
              type: String? = nil, page: Int = 1, size: Int = 20) throws -> TransactionPage {
        let query = try TransactionQuery.parse(tenantID: tenant, userID: user, kind: kind, currency: currency, type: type,
                                         page: page, pageSize: size)
        return try LedgerQueries.read(ledger.store) { try $0.transactions(query) }
    }

    func points(_ page: TransactionPage) -> [PointsRecord] {
        if case .points(let records) = page.items { return records }
        Issue.record("expected points records")
        return []
    }

    func wallet(_ page: TransactionPage) -> [WalletRecord] {
        if case .wallet(let records) = page.items { return records }
        Issue.record("expected wallet records")
        return []
    }

    /// Every page of a listing, walked with `size`, concatenated.
    func allPages(_ ledger: LedgerFixture, _ user: String, kind: String? = nil, size: Int) throws -> [TransactionPage] {
        let first = try page(ledger, user, kind: kind, size: size)
        guard first.pagination.totalPages > 1 else { return [first] }
        return try [first] + (2...first.pagination.totalPages).map { try page(ledger, user, kind: kind, page: $0, size: size) }
    }

    func pointsRow(_ from: String, _ to: String, _ amount: String, at time: String = "", key: String = "",
                   description: String = "", reason: String = "", source: String = "") -> TransferRow {
        TransferRow(kind: "points", tenantID: "t1", fromUserID: from, toUserID: to, amount: amount, idempotencyKey: key,
                    description: description, reason: reason, source: source, requestedAt: time,
                    origin: RowOrigin(file: "transfers.csv", line: 2))
    }

    func walletRow(_ from: String, _ to: String, _ amount: String, currency: String, at time: String = "",
                   description: String = "", reference: String = "") -> TransferRow {
        TransferRow(kind: "wallet", tenantID: "t1", fromUserID: from, toUserID: to, amount: amount, currency: currency,
                    description: description, referenceID: reference, requestedAt: time,
                    origin: RowOrigin(file: "transfers.csv", line: 2))
    }

    /// A ledger where bob (opened with 0 points, so no opening record) has `count` earn records.
    func bobWithEarns(_ count: Int, at time: String = "") throws -> LedgerFixture {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.points("t1", "alice", 1_000_000), ledger.points("t1", "bob", 0))
        if count > 0 {
            let outcomes = try ledger.apply((0..<count).map { _ in pointsRow("alice", "bob", "1", at: time) })
            #expect(outcomes.allSatisfy { $0.status == "applied" })
        }
        return ledger
    }

    /// Encodes a response as the command prints it and decodes it back as plain JSON.
    func decoded(_ value: JSONValue) throws -> (text: String, object: [String: Any]) {
        let text = QueryResponse.encode(value)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return (text, object)
    }

    /// The JSON type of a decoded value: string, integer, boolean, null, array or object.
    func jsonType(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case is String: return "string"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        case let number as NSNumber:
            if String(describing: type(of: number)).contains("Boolean") { return "boolean" }
            return ["i", "s", "l", "q"].contains(String(cString: number.objCType)) ? "integer" : "number"
        default: return "unknown"
        }
    }

    func expectShape(_ object: [String: Any], _ types: [String: String], _ what: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(object.keys) == Set(types.keys), "\(what) fields", sourceLocation: sourceLocation)
        for (field, expected) in types {
            guard let value = object[field] else { continue }
            #expect(jsonType(value) == expected, "\(what).\(field)", sourceLocation: sourceLocation)
            if field.hasSuffix("_at"), let text = value as? String {
                #expect(Timestamp.parseMillis(text) != nil && text.hasSuffix("Z"), "\(what).\(field) is RFC 3339 UTC",
                        sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: Pagination

    @Test(arguments: [
        // total, page, size → total_pages, has_next, has_prev
        (0, 1, 20, 0, false, false),
        (0, 2, 20, 0, false, true),
        (1, 1, 1, 1, false, false),
        (20, 1, 20, 1, false, false),
        (21, 1, 20, 2, true, false),
        (40, 2, 20, 2, false, true),
        (45, 3, 20, 3, false, true),
        (45, 9, 20, 3, false, true),
    ])
    func paginationArithmetic(total: Int, page: Int, size: Int, pages: Int, hasNext: Bool, hasPrev: Bool) {
        let pagination = Pagination(page: page, pageSize: size, total: total)
        #expect(pagination.totalPages == pages && pagination.hasNext == hasNext && pagination.hasPrev == hasPrev)
        #expect((pagination.offset != nil) == (page <= pages))
    }

    @Test func hugePageNumberIsPastTheEndNotAnOverflow() {
        #expect(Pagination(page: Int.max, pageSize: 100, total: 5).offset == nil)
    }

    @Test func emptyHistory() throws {
        let ledger = try bobWithEarns(0)
        let first = try page(ledger, "bob")
        #expect(first.items.count == 0)
        #expect(first.pagination == Pagination(page: 1, pageSize: 20, total: 0))
        #expect(first.pagination.totalPages == 0 && !first.pagination.hasNext && !first.pagination.hasPrev)
        let (text, json) = try decoded(QueryResponse.transactions(first, now: Self.now))
        #expect(json["code"] as? Int == 200 && (json["items"] as? [Any])?.isEmpty == true && json["total"] as? Int == 0)
        #expect(text.contains("\"items\" : [],"))
    }

    @Test func exactMultipleOfPageSizeThenPastTheEnd() throws {
        let ledger = try bobWithEarns(40)
        let first = try page(ledger, "bob", page: 1), second = try page(ledger, "bob", page: 2)
        #expect(first.items.count == 20 && first.pagination.hasNext && !first.pagination.hasPrev)
        #expect(second.items.count == 20 && !second.pagination.hasNext && second.pagination.hasPrev)
        #expect(second.pagination.totalPages == 2 && second.pagination.total == 40)
        let past = try page(ledger, "bob", page: 3)
        #expect(past.items.count == 0 && past.pagination.total == 40 && !past.pagination.hasNext && past.pagination.hasPrev)
        let (_, json) = try decoded(QueryResponse.transactions(past, now: Self.now))
        #expect(json["code"] as? Int == 200 && (json["items"] as? [Any])?.count == 0)
    }

    @Test func lastPartialPageAndNoOverlapAtOneCreatedAt() throws {
        // Every record shares one created_at (the fixture's clock): only the sequence orders them.
        let ledger = try bobWithEarns(45)
        let pages = try allPages(ledger, "bob", size: 20)
        #expect(pages.map(\.items.count) == [20, 20, 5])
        #expect(Set(pages.flatMap { points($0) }.map(\.createdAt)).count == 1)
        let records = pages.flatMap { points($0) }
        #expect(Set(records.map(\.id)).count == 45, "pages never overlap or skip")
        #expect(records.map(\.balanceAfter) == Array((1...45).reversed()), "newest (highest sequence) first")
    }

    @Test(arguments: [1, 3, 7, 16, 100])
    func pagesFollowCreatedAtThenSequence(size: Int) throws {
        // Three distinct times, applied out of time order, many records at each.
        let ledger = try LedgerFixture()
        try ledger.open(ledger.points("t1", "alice", 1_000_000), ledger.points("t1", "bob", 0))
        let times = ["2026-04-13T09:00:00Z", "2026-04-13T08:00:00Z", "2026-04-13T10:00:00.500+08:00"]
        _ = try ledger.apply((0..<30).map { pointsRow("alice", "bob", "1", at: times[$0 % 3]) })
        let records = try allPages(ledger, "bob", size: size).flatMap { points($0) }
        let expected = records.sorted { ($0.createdAt, $0.balanceAfter) > ($1.createdAt, $1.balanceAfter) }
        #expect(records.count == 30 && Set(records.map(\.id)).count == 30)
        #expect(records == expected)
        #expect(records.first.map { Timestamp.format(millis: $0.createdAt) } == "2026-04-13T09:00:00Z")
    }

    @Test func pageSizeIsCappedAndDefaulted() throws {
        let capped = try TransactionQuery.parse(tenantID: "t1", userID: "bob", pageSize: 1_000)
        #expect(capped.pageSize == 100 && capped.kind == .points && capped.page == 1)
        #expect(try TransactionQuery.parse(tenantID: "t1", userID: "bob").pageSize == 20)
        let ledger = try bobWithEarns(120)
        let first = try page(ledger, "bob", size: 500)
        #expect(first.items.count == 100 && first.pagination.pageSize == 100 && first.pagination.totalPages == 2)
    }

    // MARK: Filters and kinds

    @Test func pointsTypeFilter() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.points("t1", "alice", 1_000), ledger.points("t1", "bob", 0))
        _ = try ledger.apply((1...3).map { pointsRow("alice", "bob", "\($0 * 10)", key: "ik_\($0)") })
        let spends = try page(ledger, "alice", type: "spend")
        #expect(points(spends).map(\.type) == ["spend", "spend", "spend"] && spends.pagination.total == 3)
        #expect(points(spends).map(\.amount) == [30, 20, 10])
        #expect(points(spends).map(\.idempotencyKey) == ["ik_3", "ik_2", "ik_1"])
        let opening = try #require(points(try page(ledger, "alice", type: "adjust")).first)
        #expect(opening.source == "opening_balance" && opening.amount == 1_000 && opening.balanceBefore == 0)
        #expect(opening.relatedID == "" && opening.idempotencyKey == "", "an opening names no system record")
        #expect(try page(ledger, "alice", type: "earn").pagination.total == 0)
        #expect(try page(ledger, "alice").pagination.total == 4)
        let earns = points(try page(ledger, "bob", type: "earn"))
        #expect(earns.count == 3 && Set(earns.map(\.relatedID)) == Set(points(spends).map(\.id)))
        let secondOfTwo = try page(ledger, "alice", type: "spend", page: 2, size: 2)
        #expect(points(secondOfTwo).map(\.amount) == [10] && secondOfTwo.pagination.totalPages == 2)
    }

    @Test func walletKindMergesEveryWalletNewestFirst() throws {
        let ledger = try LedgerFixture()
        try ledger.open(
            ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "alice", 5_000, currency: "USD"),
            ledger.wallet("t1", "alice", 500, currency: "JPY"), ledger.wallet("t1", "alice", 1_500, currency: "BHD"),
            ledger.wallet("t1", "bob", 0), ledger.wallet("t1", "bob", 0, currency: "USD")
        )
        _ = try ledger.apply(
            walletRow("alice", "bob", "12.34", currency: "CNY", at: "2026-04-13T10:00:00Z", reference: "order_1"),
            walletRow("alice", "bob", "1", currency: "USD", at: "2026-04-13T11:00:00Z", description: "转账给对方"),
            walletRow("alice", "bob", "0.66", currency: "CNY", at: "2026-04-13T12:00:00Z")
        )
        let merged = try page(ledger, "alice", kind: "WALLET")
        let records = wallet(merged)
        #expect(merged.pagination.total == 7)
        #expect(records.prefix(3).map { "\($0.type) \($0.asset.code) \($0.asset.format($0.amount))" }
            == ["transfer_out CNY 0.66", "transfer_out USD 1.00", "transfer_out CNY 12.34"])
        #expect(records.prefix(3).allSatisfy { $0.counterpartyID == "bob" })
        #expect(records.dropFirst(3).allSatisfy { $0.type == "deposit" && $0.counterpartyID == "" })
        #expect(records[2].referenceID == "order_1" && records[1].description == "转账给对方")
        let deposits = records.dropFirst(3).map { $0.asset.format($0.amount) }.sorted()
        #expect(deposits == ["1.500", "100.00", "50.00", "500"], "each currency's digits")

        let usd = wallet(try page(ledger, "alice", kind: "wallet", currency: "USD"))
        #expect(usd.map(\.type) == ["transfer_out", "deposit"] && usd.allSatisfy { $0.asset.code == "USD" })
        #expect(usd.first.map { "\($0.asset.format($0.balanceBefore)) -> \($0.asset.format($0.balanceAfter))" } == "50.00 -> 49.00")
        #expect(try page(ledger, "alice", kind: "wallet", type: "deposit").pagination.total == 4)
        #expect(try page(ledger, "alice", kind: "wallet", currency: "CNY", type: "transfer_out").pagination.total == 2)
        #expect(try page(ledger, "bob", kind: "wallet", type: "transfer_in").pagination.total == 3)
        #expect(try page(ledger, "bob", kind: "wallet", type: "transfer_out").items.count == 0)
    }

    @Test func mergedWalletPagesNeverOverlapAtOneCreatedAt() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "alice", 10_000, currency: "USD"),
                        ledger.wallet("t1", "bob", 0), ledger.wallet("t1", "bob", 0, currency: "USD"))
        _ = try ledger.apply((0..<20).map { walletRow("alice", "bob", "1", currency: $0 % 2 == 0 ? "CNY" : "USD") })
        for size in [1, 3, 7, 22] {
            let records = try allPages(ledger, "alice", kind: "wallet", size: size).flatMap { wallet($0) }
            #expect(records.count == 22 && Set(records.map(\.id)).count == 22, "size \(size)")
            #expect(records == wallet(try page(ledger, "alice", kind: "wallet", size: 100)), "size \(size)")
        }
    }

    @Test(arguments: [
        (nil, nil, "transfer_in", "--type 'transfer_in' is not a points record type; allowed: earn, spend, expire, freeze, unfreeze, refund, adjust"),
        ("wallet", nil, "earn", "--type 'earn' is not a wallet record type; allowed: deposit, withdraw, transfer_in, transfer_out, adjust"),
        ("points", nil, "EARN", "--type 'EARN' is not a points record type"),
        ("points", nil, "bogus", "allowed: earn, spend"),
        ("cash", nil, nil, "--kind 'cash' is not a kind; allowed: points, wallet"),
        (nil, "CNY", nil, "--currency applies to --kind wallet only"),
        ("wallet", "cny", nil, "--currency 'cny' is not a known currency; allowed: BHD, CNY"),
    ] as [(String?, String?, String?, String)])
    func usageErrorsListWhatIsAllowed(kind: String?, currency: String?, type: String?, message: String) {
        #expect {
            _ = try TransactionQuery.parse(tenantID: "t1", userID: "alice", kind: kind, currency: currency, type: type)
        } throws: { error in
            (error as? QueryUsageError)?.message.contains(message) == true
        }
    }

    @Test(arguments: [(0, 20), (-1, 20), (1, 0), (1, -5)])
    func pageAndSizeBelowOneAreUsageErrors(page: Int, size: Int) {
        #expect(throws: QueryUsageError.self) { try TransactionQuery.parse(tenantID: "t1", userID: "a", page: page, pageSize: size) }
    }

    @Test func emptyIdsAreUsageErrorsSoSystemAccountsStayHidden() {
        #expect(throws: QueryUsageError.self) { try TransactionQuery.parse(tenantID: "t1", userID: "") }
        #expect(throws: QueryUsageError.self) { try TransactionQuery.parse(tenantID: "", userID: "alice") }
        #expect(throws: QueryUsageError.self) { try AccountsQuery.parse(tenantID: "t1", userID: "") }
        #expect(throws: QueryUsageError.self) { try AccountsQuery.parse(tenantID: "t1", userID: "alice", page: 2) }
        #expect(throws: QueryUsageError.self) { try AccountsQuery.parse(tenantID: "t1", pageSize: 0) }
        #expect((try? AccountsQuery.parse(tenantID: "t1", pageSize: 5_000))?.pageSize == AccountsQuery.maxPageSize)
    }

    // MARK: 404

    @Test(arguments: [
        ("nope", "alice", nil, nil, "tenant 'nope' not found"),
        ("t1", "zed", nil, nil, "user 'zed' has no points account in tenant 't1'"),
        ("t1", "walleteer", "points", nil, "user 'walleteer' has no points account in tenant 't1'"),
        ("t1", "alice", "wallet", nil, "user 'alice' has no wallet in tenant 't1'"),
        ("t1", "walleteer", "wallet", "EUR", "user 'walleteer' has no EUR wallet in tenant 't1'"),
        ("t2", "alice", nil, nil, "user 'alice' has no points account in tenant 't2'"),
    ] as [(String, String, String?, String?, String)])
    func unknownTenantOrUserIsNotFound(tenant: String, user: String, kind: String?, currency: String?, message: String) throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.points("t1", "alice", 10), ledger.wallet("t1", "walleteer", 10))
        #expect(throws: LedgerQueryError.notFound(message)) {
            try page(ledger, tenant: tenant, user, kind: kind, currency: currency)
        }
    }

    @Test func notFoundIsTheSeedsSimpleResponse() throws {
        let (_, json) = try decoded(QueryResponse.notFound("user 'zed' has no points account in tenant 't1'", now: Self.now))
        expectShape(json, ["code": "integer", "message": "string", "timestamp": "string"], "SimpleResponse")
        #expect(json["code"] as? Int == 404 && json["timestamp"] as? String == "2026-04-24T03:06:40Z")
    }

    // MARK: Query plan

    @Test func pagesSearchTheHistoryIndexNeverScan() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.points("t1", "alice", 1_000), ledger.points("t1", "bob", 0),
                        ledger.wallet("t1", "alice", 10_000), ledger.wallet("t1", "alice", 10_000, currency: "USD"))
        _ = try ledger.apply((0..<50).map { _ in pointsRow("alice", "bob", "1") })
        let queries = [
            try TransactionQuery.parse(tenantID: "t1", userID: "alice"),
            try TransactionQuery.parse(tenantID: "t1", userID: "alice", type: "spend", page: 3, pageSize: 5),
            try TransactionQuery.parse(tenantID: "t1", userID: "alice", kind: "wallet"),
            try TransactionQuery.parse(tenantID: "t1", userID: "alice", kind: "wallet", currency: "USD", type: "deposit"),
        ]
        for query in queries {
            let plan = try LedgerQueries.read(ledger.store) { try $0.plan(for: query) }
            #expect(plan.contains { $0.contains("INDEX transfers_debit_history") || $0.contains("INDEX transfers_credit_history") },
                    "\(plan)")
            #expect(!plan.contains { $0.contains("SCAN transfers") || $0.hasPrefix("SCAN t") || $0.hasPrefix("SCAN p") }, "\(plan)")
            // The count reads an index of transfers by account too.
            #expect(plan.contains { $0.hasPrefix("SEARCH transfers USING") }, "\(plan)")
        }
        let merged = try LedgerQueries.read(ledger.store) { try $0.plan(for: queries[2]) }
        #expect(merged.contains { $0.contains("MERGE (UNION ALL)") }, "wallets merge ordered index walks, no sort: \(merged)")
    }

    // MARK: JSON shapes

    @Test func pointsListJSONMatchesTheSeed() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.points("t1", "alice", 1_000), ledger.points("t1", "bob", 0))
        _ = try ledger.apply(pointsRow("alice", "bob", "300", at: "2026-04-15T10:30:00Z", key: "ik_abc123",
                                       description: "每日签到奖励 a/b", reason: "签到奖励", source: "daily_checkin"))
        let result = try page(ledger, "alice", size: 1)
        let (text, json) = try decoded(QueryResponse.transactions(result, now: Self.now))
        #expect(Set(json.keys) == Self.listFields)
        expectShape(json.filter { $0.key != "items" && $0.key != "pagination" },
                    ["code": "integer", "message": "string", "total": "integer", "timestamp": "string"], "list")
        #expect(json["code"] as? Int == 200 && json["message"] as? String == "success" && json["total"] as? Int == 2)
        let pagination = try #require(json["pagination"] as? [String: Any])
        expectShape(pagination, ["page": "integer", "page_size": "integer", "total": "integer", "total_pages": "integer",
                                 "has_next": "boolean", "has_prev": "boolean"], "pagination")
        #expect(pagination["has_next"] as? Bool == true && pagination["total_pages"] as? Int == 2)
        let item = try #require((json["items"] as? [[String: Any]])?.first)
        expectShape(item, Self.pointsRecordTypes, "PointTransactionResponse")
        #expect(item["type"] as? String == "spend" && item["amount"] as? Int == 300)
        #expect(item["balance_before"] as? Int == 1_000 && item["balance_after"] as? Int == 700)
        #expect(item["status"] as? String == "completed" && item["user_id"] as? String == "alice")
        #expect(item["created_at"] as? String == "2026-04-15T10:30:00Z" && item["updated_at"] as? String == "2026-04-15T10:30:00Z")
        #expect(item["source"] as? String == "daily_checkin" && item["idempotency_key"] as? String == "ik_abc123")
        #expect((item["id"] as? String)?.count == 26 && (item["account_id"] as? String)?.count == 26)
        // UTF-8 text, unescaped slashes, an explicit null, sorted keys.
        #expect(text.contains("\"description\" : \"每日签到奖励 a/b\"") && text.contains("\"expires_at\" : null"))
        #expect(text.range(of: "\"code\"")!.lowerBound < text.range(of: "\"items\"")!.lowerBound)
    }

    @Test func walletListJSONMatchesTheSeed() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "alice", 100_000), ledger.wallet("t1", "bob", 0))
        _ = try ledger.apply(walletRow("alice", "bob", "100.00", currency: "CNY", at: "2026-04-15T10:30:00Z",
                                       description: "转账给对方", reference: "order_123"))
        let (_, json) = try decoded(QueryResponse.transactions(try page(ledger, "alice", kind: "wallet"), now: Self.now))
        #expect(Set(json.keys) == Self.listFields)
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 2)
        for item in items { expectShape(item, Self.walletRecordTypes, "TransactionResponse") }
        #expect(items[0]["amount"] as? String == "100.00" && items[0]["balance_before"] as? String == "1000.00")
        #expect(items[0]["balance_after"] as? String == "900.00" && items[0]["counterparty_id"] as? String == "bob")
        #expect(items[0]["reference_id"] as? String == "order_123" && items[0]["currency"] as? String == "CNY")
        #expect((items[0]["id"] as? String)?.hasPrefix("txn_") == true && (items[0]["wallet_id"] as? String)?.hasPrefix("wlt_") == true)
        #expect(items[1]["type"] as? String == "deposit" && items[1]["counterparty_id"] as? String == "")
    }

    // MARK: Accounts

    @Test func oneUsersAccountsMatchTheSeeds() throws {
        let ledger = try LedgerFixture()
        try ledger.open(
            ledger.wallet("t1", "alice", 100_000, frozen: 10_000), ledger.points("t1", "alice", 1_500, frozen: 200),
            ledger.points("t1", "bob", 0), ledger.wallet("t1", "walleteer", 5),
            ledger.points("t2", "miler", 70, type: "miles")
        )
        _ = try ledger.apply(pointsRow("alice", "bob", "100"))
        let alice = try LedgerQueries.read(ledger.store) { try $0.accounts(tenantID: "t1", userID: "alice") }
        let (text, json) = try decoded(QueryResponse.accounts(alice, now: Self.now))
        #expect(Set(json.keys) == ["code", "message", "data", "timestamp"] && json["code"] as? Int == 200)
        let data = try #require(json["data"] as? [String: Any])
        #expect(Set(data.keys) == ["wallets", "points_account"])
        let wallets = try #require(data["wallets"] as? [[String: Any]])
        #expect(wallets.count == 1)
        expectShape(wallets[0], Self.walletTypes, "WalletResponse")
        #expect(wallets[0]["balance"] as? String == "1000.00" && wallets[0]["frozen_balance"] as? String == "100.00")
        #expect(wallets[0]["created_at"] as? String == "2026-04-12T13:20:00Z")
        let pointsAccount = try #require(data["points_account"] as? [String: Any])
        expectShape(pointsAccount, Self.pointsAccountTypes, "PointAccountResponse")
        #expect(pointsAccount["balance"] as? Int == 1_400 && pointsAccount["frozen_balance"] as? Int == 200)
        #expect(pointsAccount["total_spent"] as? Int == 100 && pointsAccount["version"] as? Int == 3)
        #expect(pointsAccount["exchange_rate"] as? Int == 100 && pointsAccount["points_type"] as? String == "cash_equivalent")
        #expect(!text.contains("\\/"))

        let walleteer = try LedgerQueries.read(ledger.store) { try $0.accounts(tenantID: "t1", userID: "walleteer") }
        let (walleteerText, _) = try decoded(QueryResponse.accounts(walleteer, now: Self.now))
        #expect(walleteer.pointsAccount == nil && walleteerText.contains("\"points_account\" : null"))
        let miler = try LedgerQueries.read(ledger.store) { try $0.accounts(tenantID: "t2", userID: "miler") }
        #expect(miler.pointsAccount?.exchangeRate == 50 && miler.pointsAccount?.pointsType == "miles")
        #expect(miler.wallets.isEmpty)
    }

    @Test func everyUserOfATenantSortedWithoutSystemAccounts() throws {
        let ledger = try LedgerFixture()
        try ledger.open(ledger.wallet("t1", "carol", 1), ledger.points("t1", "alice", 5), ledger.wallet("t1", "bob", 7),
                        ledger.wallet("t1", "alice", 9, currency: "USD"), ledger.wallet("t1", "alice", 3))
        func listing(_ page: Int? = nil, _ size: Int? = nil, tenant: String = "t1") throws -> AccountsPage {
            let query = try AccountsQuery.parse(tenantID: tenant, page: page, pageSize: size)
            return try LedgerQueries.read(ledger.store) { try $0.accounts(query) }
        }
        let all = try listing()
        #expect(all.users.map(\.userID) == ["alice", "bob", "carol"] && all.pagination.total == 3)
        #expect(all.users[0].wallets.map(\.asset.code) == ["CNY", "USD"] && all.users[0].pointsAccount?.balance == 5)
        let (_, json) = try decoded(QueryResponse.accounts(all, now: Self.now))
        let data = try #require(json["data"] as? [[String: Any]])
        #expect(data.map { $0["user_id"] as? String } == ["alice", "bob", "carol"])
        #expect(data.allSatisfy { Set($0.keys) == ["user_id", "wallets", "points_account"] })
        #expect(jsonType(try #require(data[1]["points_account"])) == "null")
        #expect(try listing(2, 2).users.map(\.userID) == ["carol"])
        #expect(try listing(3, 2).users.isEmpty)
        let empty = try listing(tenant: "t2")
        #expect(empty.users.isEmpty && empty.pagination.total == 0)
        #expect(throws: LedgerQueryError.notFound("tenant 'nope' not found")) { try listing(tenant: "nope") }
        #expect(throws: LedgerQueryError.notFound("user 'zed' has no accounts in tenant 't1'")) {
            try LedgerQueries.read(ledger.store) { try $0.accounts(tenantID: "t1", userID: "zed") }
        }
    }
}
