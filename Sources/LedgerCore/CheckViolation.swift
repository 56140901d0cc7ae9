/// The reconciliation checks of SPEC §5, named exactly as summary.json and breaks.csv spell them.
public enum CheckName: String, Sendable, Hashable, CaseIterable, Comparable {
    case entriesBalanced = "entries_balanced"
    case trialBalance = "trial_balance"
    case accountMatchesPostings = "account_matches_postings"
    case balanceChain = "balance_chain"
    case noNegativeBalance = "no_negative_balance"
    case pointsIdentity = "points_identity"
    case inputAccounted = "input_accounted"
    case inputsValid = "inputs_valid"
    case snapshotMatches = "snapshot_matches"
    case expectedBalances = "expected_balances"
    /// SQLite's own `PRAGMA integrity_check` over the whole file; `verify` only (SPEC §6).
    case storageIntegrity = "storage_integrity"

    /// The checks that read only the ledger, and so run in `verify` too.
    public static let ledgerChecks: [CheckName] = [
        .entriesBalanced, .trialBalance, .accountMatchesPostings, .balanceChain, .noNegativeBalance, .pointsIdentity,
    ]

    /// The checks a `run` reports: all but `storage_integrity`, which reads the whole file.
    public static let runChecks: [CheckName] = allCases.filter { $0 != .storageIntegrity }

    /// The checks `verify` reports: SQLite's integrity check, then the ledger checks.
    public static let verifyChecks: [CheckName] = [.storageIntegrity] + ledgerChecks

    public static func < (lhs: CheckName, rhs: CheckName) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One break: a place where the books or the inputs disagree (a row of breaks.csv).
///
/// `expected` and `actual` are minor units of `asset` when the break is about an amount;
/// difference = actual − expected.
public struct CheckViolation: Hashable, Sendable {
    public var check: CheckName
    public var tenantID: String
    public var userID: String
    public var asset: Asset?
    public var expected: Int64?
    public var actual: Int64?
    public var detail: String

    public init(
        check: CheckName, tenantID: String = "", userID: String = "", asset: Asset? = nil,
        expected: Int64? = nil, actual: Int64? = nil, detail: String
    ) {
        self.check = check
        self.tenantID = tenantID
        self.userID = userID
        self.asset = asset
        self.expected = expected
        self.actual = actual
        self.detail = detail
    }

    /// actual − expected, or nil when either is unknown or the subtraction would overflow.
    public var difference: Int64? {
        guard let expected, let actual else { return nil }
        let (value, overflow) = actual.subtractingReportingOverflow(expected)
        return overflow ? nil : value
    }
}
