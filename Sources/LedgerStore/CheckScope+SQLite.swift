import LedgerStorage

extension CheckScope {
    /// A run's checks: its transfers (the night's, when it resumes one) from the state the
    /// accounts had when it started.
    public static func run(_ writer: LedgerWriter) -> CheckScope {
        CheckScope(extent: .run, since: writer.transfersWatermark, movementsSince: writer.transfersWatermark,
                   startStates: writer.startStates)
    }
}
