extension CheckScope {
    /// `verify`: all history of `snapshot`, from empty accounts; no movements (its report shows
    /// the ledger as it is).
    public static func full(_ snapshot: any LedgerSnapshot) throws -> CheckScope {
        CheckScope(extent: .full, since: 0, movementsSince: try snapshot.lastTransferRowID(), startStates: AccountStartStates())
    }
}
