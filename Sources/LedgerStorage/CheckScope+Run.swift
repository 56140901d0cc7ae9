extension CheckScope {
    /// A run's checks: its transfers (the night's, when it resumes one) from the state the
    /// accounts had when it started.
    public static func run(_ engine: LedgerEngine) -> CheckScope {
        CheckScope(extent: .run, since: engine.transfersWatermark, movementsSince: engine.transfersWatermark,
                   startStates: engine.startStates)
    }
}
