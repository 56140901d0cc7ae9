import GRDB
import LedgerStorage

extension CheckScope {
    /// A run's checks: its transfers (the night's, when it resumes one) from the state the
    /// accounts had when it started.
    public static func run(_ writer: LedgerWriter) -> CheckScope {
        CheckScope(extent: .run, since: writer.transfersWatermark, movementsSince: writer.transfersWatermark,
                   startStates: writer.startStates)
    }

    /// `verify`: all history, from empty accounts; no movements (its report shows the ledger as it is).
    public static func full(_ db: Database) throws -> CheckScope {
        let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM transfers") ?? 0
        return CheckScope(extent: .full, since: 0, movementsSince: last, startStates: AccountStartStates())
    }

    /// Every account's current balance as its start balance (verify's opening balances: it moves nothing).
    public static func currentBalances(_ db: Database) throws -> AccountStartStates {
        var balances = AccountStartStates(reservingUpTo: try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM account_balances") ?? 0)
        let rows = try RawStatement(db, sql: "SELECT id, balance FROM account_balances ORDER BY id")
        try rows.query { row in balances[row.int64(0)].balance = row.int64(1) }
        return balances
    }
}
