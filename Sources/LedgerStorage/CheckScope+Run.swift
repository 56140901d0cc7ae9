extension CheckScope {
    /// A run's checks: its transfers after `since` (the watermark when it started, or the night's
    /// first run's when it resumes one), from the state the accounts had at that point.
    public static func run(since watermark: Int64, startStates: AccountStartStates) -> CheckScope {
        CheckScope(extent: .run, since: watermark, movementsSince: watermark, startStates: startStates)
    }

    /// A run's checks: its transfers (the night's, when it resumes one) from the state the
    /// accounts had when it started.
    public static func run(_ engine: LedgerEngine) -> CheckScope {
        run(since: engine.transfersWatermark, startStates: engine.startStates)
    }
}
