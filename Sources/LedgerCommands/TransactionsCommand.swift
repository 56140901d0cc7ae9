import ArgumentParser
import LedgerAPI
import LedgerCore
import LedgerStore
import LedgerStorage

/// `ledger-recon transactions`: one page of a user's history, newest first (SPEC §4), as the
/// seed's `dto.PointTransactionListResponse` (points, the default) or with `dto.TransactionResponse`
/// items (`--kind wallet`).
struct TransactionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transactions",
        abstract: "List a user's transaction records, newest first, one page at a time.",
        discussion: """
            Prints JSON shaped as the platform's list response (code, message, items, pagination, total, \
            timestamp). An unknown tenant or user prints the 404 response and exits 2.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Tenant id.")
    var tenant: String

    @Option(help: "User id.")
    var user: String

    @Option(help: ArgumentHelp("points (default) or wallet, case-insensitive.", valueName: "kind"))
    var kind: String?

    @Option(help: ArgumentHelp("Wallets only: list this currency's wallet alone (default: every wallet, merged).",
                               valueName: "code"))
    var currency: String?

    @Option(help: ArgumentHelp(
        "Only records of this type. Points: \(TransactionsCommand.allowed(.points)). Wallet: \(TransactionsCommand.allowed(.wallet)).",
        valueName: "type"))
    var type: String?

    @Option(help: "Page number, from 1.")
    var page: Int = 1

    @Option(name: .customLong("page-size"),
            help: "Records per page, at most \(TransactionQuery.maxPageSize) (larger values are capped).")
    var pageSize: Int = TransactionQuery.defaultPageSize

    @Option(help: "JSON for scripts, or an aligned table for a person.")
    var format: OutputFormat = .json

    init() {}

    func run() throws {
        let query: TransactionQuery
        do {
            query = try TransactionQuery.parse(tenantID: tenant, userID: user, kind: kind, currency: currency, type: type,
                                         page: page, pageSize: pageSize)
        } catch {
            throw QueryJSON.usageError(error, commandName: Self.configuration.commandName ?? "transactions")
        }
        let result = try QueryJSON.read(path: database.path, tenantID: tenant, format: format) { queries in
            try queries.transactions(query)
        }
        switch format {
        case .json: QueryJSON.write(QueryResponse.encode(QueryResponse.transactions(result, now: QueryJSON.nowMillis())))
        case .table: QueryJSON.write(Self.table(result))
        }
    }

    private static func allowed(_ kind: AccountKind) -> String {
        RecordType.types(for: kind).map(\.rawValue).joined(separator: ", ")
    }

    /// The page as an aligned table, amounts as in the JSON, then a line saying where the page sits.
    static func table(_ page: TransactionPage) -> String {
        var table: TableFormatter
        switch page.items {
        case .points(let records):
            table = TableFormatter([
                .left("CREATED_AT"), .left("ID"), .left("TYPE"), .right("AMOUNT"), .right("BEFORE"), .right("AFTER"),
                .left("SOURCE"), .left("REASON"), .left("DESCRIPTION"), .left("RELATED_ID"),
            ])
            for record in records {
                table.append([
                    Timestamp.format(millis: record.createdAt), record.id, record.type, String(record.amount),
                    String(record.balanceBefore), String(record.balanceAfter), record.source, record.reason,
                    record.description, record.relatedID,
                ])
            }
        case .wallet(let records):
            table = TableFormatter([
                .left("CREATED_AT"), .left("ID"), .left("CURRENCY"), .left("TYPE"), .right("AMOUNT"), .right("BEFORE"),
                .right("AFTER"), .left("COUNTERPARTY"), .left("REFERENCE_ID"), .left("DESCRIPTION"),
            ])
            for record in records {
                table.append([
                    Timestamp.format(millis: record.createdAt), record.id, record.asset.code, record.type,
                    record.asset.format(record.amount), record.asset.format(record.balanceBefore),
                    record.asset.format(record.balanceAfter), record.counterpartyID, record.referenceID, record.description,
                ])
            }
        }
        let pagination = page.pagination
        return table.render()
            + "page \(pagination.page) of \(pagination.totalPages), \(page.items.count) shown, \(pagination.total) in all\n"
    }
}
