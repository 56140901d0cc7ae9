/// A transfer request that passed the stateless checks (`invalid_request`, `invalid_amount`)
/// and carries the key it is applied under. What remains to decide needs the ledger's state.
public struct TransferRequest: Hashable, Sendable {
    public var kind: AccountKind
    public var tenantID: String
    public var fromUserID: String
    public var toUserID: String
    /// Positive minor units of the asset (fen for CNY, whole points).
    public var amount: Int64
    /// The wallet currency; nil for points, whose asset is the tenant's points type.
    public var currency: Currency?
    public var description: String
    public var reason: String
    public var source: String
    public var referenceID: String
    /// `requested_at` in UTC milliseconds, or nil for "now".
    public var requestedAtMillis: Int64?
    public var idempotencyKey: String
    /// The fingerprint's digest, computed once; `fingerprint` rebuilds the fields when a conflict needs them.
    public private(set) var digest: RequestDigest
    public var origin: RowOrigin

    public init(
        kind: AccountKind, tenantID: String, fromUserID: String, toUserID: String, amount: Int64,
        currency: Currency?, description: String = "", reason: String = "", source: String = "",
        referenceID: String = "", requestedAtMillis: Int64? = nil, idempotencyKey: String,
        origin: RowOrigin = RowOrigin(file: "-", line: 0)
    ) {
        precondition(amount > 0, "a validated transfer has a positive amount")
        precondition((kind == .wallet) == (currency != nil), "wallets need a currency, points have none")
        self.kind = kind
        self.tenantID = tenantID
        self.fromUserID = fromUserID
        self.toUserID = toUserID
        self.amount = amount
        self.currency = currency
        self.description = description
        self.reason = reason
        self.source = source
        self.referenceID = referenceID
        self.requestedAtMillis = requestedAtMillis
        self.idempotencyKey = idempotencyKey
        self.origin = origin
        self.digest = RequestFingerprint.digest(
            kind: kind, tenantID: tenantID, fromUserID: fromUserID, toUserID: toUserID, amount: amount,
            currency: currency?.code ?? "", description: description, reason: reason, source: source,
            referenceID: referenceID)
    }

    /// The request's content as the idempotency comparison sees it (SPEC §2).
    public var fingerprint: RequestFingerprint {
        RequestFingerprint(
            kind: kind, tenantID: tenantID, fromUserID: fromUserID, toUserID: toUserID, amount: amount,
            currency: currency?.code ?? "", description: description, reason: reason, source: source,
            referenceID: referenceID
        )
    }
}
