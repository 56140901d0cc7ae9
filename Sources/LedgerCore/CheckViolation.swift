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
    /// SQLite's own check of the whole file (`quick_check`) and of every index against its table; `verify` only (SPEC §6).
    case storageIntegrity = "storage_integrity"
    /// Every tenant's hash chain recomputed from genesis, and the state it implies (SPEC §7); `verify` only.
    case hashChain = "hash_chain"

    /// The checks that read only the ledger, and so run in `verify` too.
    public static let ledgerChecks: [CheckName] = [
        .entriesBalanced, .trialBalance, .accountMatchesPostings, .balanceChain, .noNegativeBalance, .pointsIdentity,
    ]

    /// The checks a `run` reports: all but `storage_integrity` and `hash_chain`, which read the whole file.
    public static let runChecks: [CheckName] = allCases.filter { $0 != .storageIntegrity && $0 != .hashChain }

    /// The checks `verify` reports: SQLite's integrity check, the ledger checks, then the hash chain.
    public static let verifyChecks: [CheckName] = [.storageIntegrity] + ledgerChecks + [.hashChain]

    public static func < (lhs: CheckName, rhs: CheckName) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One break: a place where the books or the inputs disagree (a row of breaks.csv).
///
/// The same meaning in every check (SPEC §5): `expected` is the reference — the input file's
/// value (`expected_balances`, `snapshot_matches`, `inputs_valid`), what the postings add up to
/// (`account_matches_postings`, `balance_chain`, `input_accounted`), or the bound (zero, the other
/// side of the entry) — and `actual` is what the ledger holds (for `snapshot_matches`, the state
/// the account was opened with); difference = actual − expected. Both are minor units of `asset`
/// when the break is about an amount, held in 128 bits so that a total or a difference of
/// amounts near Int64.max is exact, never wrapped (SPEC §6).
public struct CheckViolation: Hashable, Sendable {
    public var check: CheckName
    public var tenantID: String
    public var userID: String
    public var asset: Asset?
    public var expected: Int128?
    public var actual: Int128?
    /// The field at fault when it is not the balance (`frozen_balance`, `status`, `currency`…):
    /// part of the break's identity, so the same problem keeps its id from night to night.
    public var field: String?
    public var detail: String

    public init(
        check: CheckName, tenantID: String = "", userID: String = "", asset: Asset? = nil,
        expected: Int128? = nil, actual: Int128? = nil, field: String? = nil, detail: String
    ) {
        self.check = check
        self.tenantID = tenantID
        self.userID = userID
        self.asset = asset
        self.expected = expected
        self.actual = actual
        self.field = field
        self.detail = detail
    }

    /// For amounts held as Int64 (most checks compare one stored amount with one reference).
    public init(
        check: CheckName, tenantID: String = "", userID: String = "", asset: Asset? = nil,
        expected: Int64?, actual: Int64?, field: String? = nil, detail: String
    ) {
        self.init(check: check, tenantID: tenantID, userID: userID, asset: asset, expected: expected.map { Int128($0) },
                  actual: actual.map { Int128($0) }, field: field, detail: detail)
    }

    /// actual − expected, exact; nil when either is unknown.
    public var difference: Int128? {
        guard let expected, let actual else { return nil }
        // Both come from Int64 sums of at most 2^64 terms in practice; 128 bits hold their difference.
        let (value, overflow) = actual.subtractingReportingOverflow(expected)
        return overflow ? nil : value
    }
}
