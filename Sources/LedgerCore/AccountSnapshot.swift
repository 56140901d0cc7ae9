/// One row of an accounts file, interpreted: the state an account is opened with (SPEC §3).
///
/// For an account already in the ledger the same row is compared with the state it was opened
/// with, field by field, for the fields the row states; a difference is a `snapshot_matches`
/// break, never an overwrite.
public struct AccountSnapshot: Hashable, Sendable {
    /// The optional accounts-file columns a row states. A column the file does not have is not
    /// compared on re-load, so a reduced accounts file raises no false breaks.
    public struct Fields: OptionSet, Hashable, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// A wallet row that names its currency (empty or absent: resolved by the loader).
        public static let currency = Fields(rawValue: 1 << 0)
        public static let frozenBalance = Fields(rawValue: 1 << 1)
        public static let status = Fields(rawValue: 1 << 2)
        public static let applicationID = Fields(rawValue: 1 << 3)
        public static let totalEarned = Fields(rawValue: 1 << 4)
        public static let totalSpent = Fields(rawValue: 1 << 5)
        public static let expiredPoints = Fields(rawValue: 1 << 6)
        public static let all: Fields = [.currency, .frozenBalance, .status, .applicationID, .totalEarned, .totalSpent, .expiredPoints]
    }

    public var tenantID: String
    public var userID: String
    public var asset: Asset
    public var applicationID: String
    public var status: AccountStatus
    public var balance: Int64
    public var frozenBalance: Int64
    public var totalEarned: Int64
    public var totalSpent: Int64
    public var expiredPoints: Int64
    public var origin: RowOrigin
    /// `opened_at` in UTC milliseconds: the opening record's created_at, so a historical import's
    /// opening comes before its transfers (SPEC §3); nil for the run's start. Not compared on re-load.
    public var openedAtMillis: Int64?
    /// The optional columns the row stated; `balance` (required) is always compared.
    public var stated: Fields
    /// Set when total_earned, derived from the other counters, does not fit in Int64.
    private var derivedEarnedOverflows = false

    public init(
        tenantID: String, userID: String, asset: Asset, applicationID: String = "", status: AccountStatus = .active,
        balance: Int64, frozenBalance: Int64 = 0, totalEarned: Int64? = nil, totalSpent: Int64 = 0,
        expiredPoints: Int64 = 0, origin: RowOrigin = RowOrigin(file: "-", line: 0), stated: Fields = .all
    ) {
        self.tenantID = tenantID
        self.userID = userID
        self.asset = asset
        self.applicationID = applicationID
        self.status = status
        self.balance = balance
        self.frozenBalance = frozenBalance
        self.totalSpent = totalSpent
        self.expiredPoints = expiredPoints
        self.origin = origin
        self.stated = stated
        // Points earned so far, when the snapshot does not say, is whatever makes the identity hold;
        // summed wide, so counters near Int64.max are a problem to report, never a trap (SPEC §6).
        if let totalEarned {
            self.totalEarned = totalEarned
        } else if asset.kind == .points {
            let derived = Int128(balance) + Int128(totalSpent) + Int128(expiredPoints)
            self.totalEarned = Int64(exactly: derived) ?? 0
            derivedEarnedOverflows = Int64(exactly: derived) == nil
        } else {
            self.totalEarned = 0
        }
    }

    public var kind: AccountKind { asset.kind }

    /// One field as the accounts file names it, with its value as report text and, for amounts,
    /// in minor units.
    public struct FieldValue: Hashable, Sendable {
        public var name: String
        public var text: String
        public var amount: Int64?
    }

    /// The state fields compared on re-load, in the accounts file's order, limited to what `stated`
    /// names (balance always). Points accounts also compare their points type (`points_type`),
    /// since one points account per (tenant, user) holds whatever type it was opened with.
    public func comparableFields(stated: Fields) -> [FieldValue] {
        var fields = [FieldValue(name: "balance", text: asset.format(balance), amount: balance)]
        if stated.contains(.frozenBalance) {
            fields.append(FieldValue(name: "frozen_balance", text: asset.format(frozenBalance), amount: frozenBalance))
        }
        if stated.contains(.status) { fields.append(FieldValue(name: "status", text: status.rawValue)) }
        if stated.contains(.applicationID) { fields.append(FieldValue(name: "application_id", text: applicationID)) }
        guard kind == .points else { return fields }
        fields.append(FieldValue(name: "points_type", text: asset.code))
        // A total_earned the row leaves out is derived from the other counters, not stated: not compared.
        if stated.contains(.totalEarned) {
            fields.append(FieldValue(name: "total_earned", text: String(totalEarned), amount: totalEarned))
        }
        if stated.contains(.totalSpent) { fields.append(FieldValue(name: "total_spent", text: String(totalSpent), amount: totalSpent)) }
        if stated.contains(.expiredPoints) {
            fields.append(FieldValue(name: "expired_points", text: String(expiredPoints), amount: expiredPoints))
        }
        return fields
    }

    /// The fields `row` states whose values differ from this snapshot's, compared as text with
    /// the same digits (and ids by their bytes): (field as opened here, as the row says).
    public func differences(from row: AccountSnapshot) -> [(opened: FieldValue, row: FieldValue)] {
        zip(comparableFields(stated: row.stated), row.comparableFields(stated: row.stated)).filter { opened, stated in
            !OpaqueID.sameBytes(opened.text, stated.text)
        }
    }

    /// The same wallet row read as an amount of `wallet` instead: a row without a currency was
    /// parsed in the tenant's currency, but means the user's one wallet when there is exactly one
    /// (SPEC §3), whose digits may differ (`500` is 50000 fen but 500 yen).
    /// - Returns: nil when an amount does not fit the wallet's digits (`0.05` for JPY) or in Int64.
    public func reading(as wallet: Asset) -> AccountSnapshot? {
        precondition(kind == .wallet && wallet.kind == .wallet, "only a wallet row is re-read in another currency")
        guard let balance = AccountSnapshot.rescale(balance, from: asset.exponent, to: wallet.exponent),
              let frozen = AccountSnapshot.rescale(frozenBalance, from: asset.exponent, to: wallet.exponent)
        else { return nil }
        var copy = self
        copy.asset = wallet
        copy.balance = balance
        copy.frozenBalance = frozen
        return copy
    }

    /// Minor units at `from` digits as minor units at `to` digits, exactly, or nil.
    static func rescale(_ value: Int64, from: Int, to: Int) -> Int64? {
        var result = value
        for _ in 0..<Swift.max(0, to - from) {
            let (scaled, overflow) = result.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            result = scaled
        }
        for _ in 0..<Swift.max(0, from - to) {
            guard result % 10 == 0 else { return nil }
            result /= 10
        }
        return result
    }

    /// Why this snapshot cannot be opened, or nil: frozen above balance, negative counters, or
    /// points counters that contradict the balance (total_earned − total_spent − expired_points).
    public func problem() -> String? {
        if balance < 0 || frozenBalance < 0 { return "balance and frozen_balance must not be negative" }
        if frozenBalance > balance {
            return "frozen_balance \(asset.format(frozenBalance)) exceeds balance \(asset.format(balance))"
        }
        guard kind == .points else { return nil }
        if totalEarned < 0 || totalSpent < 0 || expiredPoints < 0 { return "points counters must not be negative" }
        if derivedEarnedOverflows {
            return "balance \(balance) + total_spent \(totalSpent) + expired_points \(expiredPoints) (total_earned) "
                + "does not fit in signed 64-bit points"
        }
        // Exact in 128 bits: counters near Int64.max are compared, never wrapped (SPEC §6).
        let identity = Int128(totalEarned) - Int128(totalSpent) - Int128(expiredPoints)
        if identity != Int128(balance) {
            return "total_earned \(totalEarned) − total_spent \(totalSpent) − expired_points \(expiredPoints) is not balance \(balance)"
        }
        return nil
    }
}
