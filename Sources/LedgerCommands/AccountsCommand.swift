import ArgumentParser
import LedgerAPI
import LedgerCore
import LedgerStore
import LedgerStorage

/// `ledger-recon accounts`: a user's wallets (`dto.WalletResponse`) and points account
/// (`dto.PointAccountResponse`), or every user of a tenant a page at a time (SPEC §4).
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Show a user's wallets and points account, or every user's in a tenant.",
        discussion: """
            With --user, data is {wallets, points_account}; without, data lists the tenant's users sorted by \
            user id, each as {user_id, wallets, points_account}, one page at a time. An unknown tenant or \
            user prints the 404 response and exits 2.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Tenant id.")
    var tenant: String

    @Option(help: "User id (default: every user of the tenant).")
    var user: String?

    @Option(help: "Without --user: page number, from 1.")
    var page: Int?

    @Option(name: .customLong("page-size"),
            help: "Without --user: users per page (default \(AccountsQuery.defaultPageSize), at most \(AccountsQuery.maxPageSize)).")
    var pageSize: Int?

    @Option(help: "JSON for scripts, or an aligned table for a person.")
    var format: OutputFormat = .json

    init() {}

    func run() throws {
        let query: AccountsQuery
        do {
            query = try AccountsQuery.parse(tenantID: tenant, userID: user, page: page, pageSize: pageSize)
        } catch {
            throw QueryJSON.usageError(error, commandName: Self.configuration.commandName ?? "accounts")
        }
        let result = try QueryJSON.read(path: database.path, tenantID: tenant, format: format) { queries in
            try queries.accounts(query)
        }
        let now = QueryJSON.nowMillis()
        switch (format, query.userID) {
        case (.json, .some):
            QueryJSON.write(QueryResponse.encode(QueryResponse.accounts(result.users[0], now: now)))
        case (.json, .none):
            QueryJSON.write(QueryResponse.encode(QueryResponse.accounts(result, now: now)))
        case (.table, _):
            QueryJSON.write(Self.table(result, listingAll: query.userID == nil))
        }
    }

    /// One row per account, wallets then the points account of each user; amounts as in the JSON.
    static func table(_ page: AccountsPage, listingAll: Bool) -> String {
        var table = TableFormatter([
            .left("USER_ID"), .left("KIND"), .left("ACCOUNT_ID"), .left("ASSET"), .right("BALANCE"), .right("FROZEN"),
            .left("STATUS"), .right("EARNED"), .right("SPENT"), .right("EXPIRED"), .right("VERSION"),
            .left("CREATED_AT"), .left("UPDATED_AT"),
        ])
        for user in page.users {
            for wallet in user.wallets {
                table.append([
                    user.userID, AccountKind.wallet.rawValue, wallet.walletID, wallet.asset.code,
                    wallet.asset.format(wallet.balance), wallet.asset.format(wallet.frozenBalance), wallet.status,
                    "", "", "", "", Timestamp.format(millis: wallet.createdAt), Timestamp.format(millis: wallet.updatedAt),
                ])
            }
            if let points = user.pointsAccount {
                table.append([
                    user.userID, AccountKind.points.rawValue, points.id, points.pointsType, String(points.balance),
                    String(points.frozenBalance), points.status, String(points.totalEarned), String(points.totalSpent),
                    String(points.expiredPoints), String(points.version), Timestamp.format(millis: points.createdAt),
                    Timestamp.format(millis: points.updatedAt),
                ])
            }
        }
        guard listingAll else { return table.render() }
        let pagination = page.pagination
        return table.render()
            + "page \(pagination.page) of \(pagination.totalPages), \(page.users.count) users shown, \(pagination.total) in all\n"
    }
}
