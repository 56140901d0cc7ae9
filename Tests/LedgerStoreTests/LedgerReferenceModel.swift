/// An independent reference for SPEC §2, written from the contract alone: plain Swift values, no
/// call into the rules under test (`RequestValidator`, `TransferRules`, `MoneyText`, `Currency`,
/// `RequestFingerprint`, `DerivedKeyCounter`). The property test feeds the same rows to it and to
/// the real `LedgerEngine` (SQLite backend) and compares every outcome and every balance.
///
/// What it models: tenants (transfer_enabled, currency, points type); wallets per currency and
/// one points account per user, each with a status, a frozen balance and, for points, the
/// total_earned / total_spent / expired_points counters; keyed and keyless rows (a keyless row's
/// key is its content, requested_at included, plus its occurrence among identical rows of the
/// same file); duplicates, conflicts, and the rejection order. Ids are compared as bytes.
struct LedgerReferenceModel {
    /// An id as its UTF-8 bytes. Swift's `String ==` is canonical equivalence (`josé` composed
    /// equals `jose` + U+0301); SPEC §2 says ids are the same only when their bytes are, so the
    /// model never keys anything by `String`.
    struct ID: Hashable, Comparable, CustomStringConvertible {
        let bytes: [UInt8]
        init(_ text: String) { bytes = Array(text.utf8) }
        var description: String { String(decoding: bytes, as: UTF8.self) }
        static func < (lhs: ID, rhs: ID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
    }

    enum Kind: String, CaseIterable {
        case wallet, points
    }

    struct Tenant {
        var transferEnabled: Bool
        var currency: String
        var pointsType: String
    }

    /// One account: wallet (asset = currency) or points (asset = the tenant's points type).
    struct AccountID: Hashable, Comparable, CustomStringConvertible {
        var tenant: ID
        var kind: Kind
        var asset: ID
        var user: ID

        static func < (lhs: AccountID, rhs: AccountID) -> Bool {
            (lhs.tenant, lhs.kind.rawValue, lhs.asset, lhs.user) < (rhs.tenant, rhs.kind.rawValue, rhs.asset, rhs.user)
        }

        var description: String { "\(tenant)/\(kind.rawValue)/\(asset)/\(user)" }
    }

    struct Account: Equatable, CustomStringConvertible {
        var status: String
        var balance: Int64
        var frozen: Int64
        var earned: Int64 = 0
        var spent: Int64 = 0
        var expired: Int64 = 0

        var description: String {
            "status \(status) balance \(balance) frozen \(frozen) earned \(earned) spent \(spent) expired \(expired)"
        }
    }

    /// What the model says happens to a row; `transfer` numbers the applied transfers from 0.
    enum Outcome: Equatable, CustomStringConvertible {
        case applied(transfer: Int)
        case duplicate(of: Int)
        case rejected(String)

        var description: String {
            switch self {
            case .applied(let transfer): "applied #\(transfer)"
            case .duplicate(let original): "duplicate of #\(original)"
            case .rejected(let code): "rejected \(code)"
            }
        }
    }

    /// The currencies SPEC §2 names and their decimal digits; anything else is not a currency.
    static let currencyDigits: [String: Int] = [
        "CNY": 2, "USD": 2, "EUR": 2, "HKD": 2, "JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3,
    ]

    var tenants: [ID: Tenant] = [:]
    var accounts: [AccountID: Account] = [:]
    /// The valid RFC 3339 texts the generator uses, with their instants; any other text is not a
    /// valid timestamp. The model takes validity from this table instead of parsing times itself.
    let timestamps: [String: Int64]

    /// The key a request was applied under, scoped by tenant.
    private enum Key: Hashable {
        case given([UInt8])
        case derived(content: [[UInt8]], occurrence: Int)
    }

    /// How often each rule decided a row, to show the generator reaches every one.
    private(set) var exercised: [String: Int] = [:]

    private var appliedKeys: [ID: [Key: (content: [[UInt8]], transfer: Int)]] = [:]
    private var transfers = 0
    /// Occurrences of each keyless content in the file being read.
    private var occurrences: [[[UInt8]]: Int] = [:]

    init(timestamps: [String: Int64]) {
        self.timestamps = timestamps
    }

    /// A new input file: the occurrence count of keyless rows starts again.
    mutating func beginFile() {
        occurrences = [:]
    }

    /// Decides one row as SPEC §2 orders it: invalid_request, invalid_amount, the idempotency
    /// look-up, not_found, transfer_disabled, account_inactive, insufficient_balance, and an
    /// overflow of the receiver as invalid_amount. Applies it to the model when accepted.
    mutating func decide(kind kindText: String, tenant tenantText: String, from fromText: String, to toText: String,
                         amount amountText: String, currency: String, key keyText: String, description: String,
                         reason: String, source: String, referenceID: String, requestedAt: String) -> Outcome {
        let (outcome, rule) = decideRow(kind: kindText, tenant: tenantText, from: fromText, to: toText, amount: amountText,
                                        currency: currency, key: keyText, description: description, reason: reason,
                                        source: source, referenceID: referenceID, requestedAt: requestedAt)
        exercised[rule, default: 0] += 1
        return outcome
    }

    /// The outcome and the name of the rule that decided it.
    private mutating func decideRow(kind kindText: String, tenant tenantText: String, from fromText: String, to toText: String,
                         amount amountText: String, currency: String, key keyText: String, description: String,
                         reason: String, source: String, referenceID: String, requestedAt: String) -> (Outcome, String) {
        // invalid_request
        let required = [kindText, tenantText, fromText, toText, amountText]
        if required.contains(where: \.isEmpty) { return (.rejected("invalid_request"), "invalid_request: missing value") }
        guard let kind = Kind(rawValue: kindText.lowercased()) else { return (.rejected("invalid_request"), "invalid_request: kind") }
        let digits: Int
        switch kind {
        case .wallet:
            guard let known = Self.currencyDigits[currency] else { return (.rejected("invalid_request"), "invalid_request: currency") }
            digits = known
        case .points:
            guard currency.isEmpty else { return (.rejected("invalid_request"), "invalid_request: points currency") }
            digits = 0
        }
        let tenantID = ID(tenantText), from = ID(fromText), to = ID(toText)
        if from == to { return (.rejected("invalid_request"), "invalid_request: self-transfer") }
        if reason.unicodeScalars.count > 200 { return (.rejected("invalid_request"), "invalid_request: reason length") }
        if keyText.unicodeScalars.count > 128 { return (.rejected("invalid_request"), "invalid_request: key length") }
        var instant: Int64?
        if !requestedAt.isEmpty {
            guard let known = timestamps[requestedAt] else { return (.rejected("invalid_request"), "invalid_request: timestamp") }
            instant = known
        }
        // invalid_amount
        guard let amount = Self.minorUnits(amountText, digits: digits), amount > 0 else { return (.rejected("invalid_amount"), "invalid_amount: text") }

        // The idempotency look-up.
        let content: [[UInt8]] = [kind.rawValue, tenantText, fromText, toText, String(amount),
                                  kind == .wallet ? currency : "", description, reason, source, referenceID].map { Array($0.utf8) }
        let key: Key
        if keyText.isEmpty {
            let derivedFrom = content + [Array((instant.map { String($0) } ?? "now").utf8)]
            let occurrence = (occurrences[derivedFrom] ?? 0) + 1
            occurrences[derivedFrom] = occurrence
            key = .derived(content: derivedFrom, occurrence: occurrence)
        } else {
            key = .given(Array(keyText.utf8))
        }
        if let prior = appliedKeys[tenantID]?[key] {
            let keyless = keyText.isEmpty ? "derived" : "given"
            return prior.content == content ? (.duplicate(of: prior.transfer), "duplicate: \(keyless) key")
                : (.rejected("idempotency_conflict"), "idempotency_conflict")
        }

        // not_found, transfer_disabled, account_inactive, insufficient_balance, overflow.
        guard let tenant = tenants[tenantID] else { return (.rejected("not_found"), "not_found: tenant") }
        let asset = ID(kind == .wallet ? currency : tenant.pointsType)
        let senderID = AccountID(tenant: tenantID, kind: kind, asset: asset, user: from)
        let receiverID = AccountID(tenant: tenantID, kind: kind, asset: asset, user: to)
        guard var sender = accounts[senderID], var receiver = accounts[receiverID] else { return (.rejected("not_found"), "not_found: account") }
        if kind == .points, !tenant.transferEnabled { return (.rejected("transfer_disabled"), "transfer_disabled") }
        if sender.status != "active" || receiver.status != "active" { return (.rejected("account_inactive"), "account_inactive") }
        if sender.balance - sender.frozen < amount {
            return (.rejected("insufficient_balance"), sender.balance < amount ? "insufficient_balance" : "insufficient_balance: frozen part")
        }
        let (received, balanceOverflow) = receiver.balance.addingReportingOverflow(amount)
        let (earned, earnedOverflow) = receiver.earned.addingReportingOverflow(kind == .points ? amount : 0)
        let (spent, spentOverflow) = sender.spent.addingReportingOverflow(kind == .points ? amount : 0)
        if balanceOverflow || earnedOverflow || spentOverflow { return (.rejected("invalid_amount"), "invalid_amount: receiver overflow") }

        sender.balance -= amount
        sender.spent = spent
        receiver.balance = received
        receiver.earned = earned
        accounts[senderID] = sender
        accounts[receiverID] = receiver
        let transfer = transfers
        transfers += 1
        appliedKeys[tenantID, default: [:]][key] = (content, transfer)
        let how = keyText.isEmpty ? (occurrence(of: key) > 1 ? "applied: repeated keyless row" : "applied: keyless") : "applied: keyed"
        return (.applied(transfer: transfer), amount >= Int64.max / 256 ? "applied: Int64-scale amount" : how)
    }

    private func occurrence(of key: Key) -> Int {
        if case .derived(_, let occurrence) = key { return occurrence }
        return 0
    }

    /// Plain digits with an optional `.` and digits, at most `digits` decimals, as minor units;
    /// nil for anything else or anything past Int64 (SPEC §2 `invalid_amount`).
    static func minorUnits(_ text: String, digits: Int) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        if parts.count == 2, fraction.isEmpty { return nil }
        guard fraction.count <= digits else { return nil }
        let allDigits = whole + fraction + String(repeating: "0", count: digits - fraction.count)
        var value: Int64 = 0
        for character in allDigits {
            guard let ascii = character.asciiValue, (48...57).contains(ascii) else { return nil }
            let (times10, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = times10.addingReportingOverflow(Int64(ascii - 48))
            if overflowA || overflowB { return nil }
            value = next
        }
        return value
    }
}
