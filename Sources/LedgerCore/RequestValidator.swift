/// The stateless half of SPEC §2's rejection order: `invalid_request`, then `invalid_amount`.
/// Everything after these (idempotency, not_found, …) needs the ledger and is decided there.
///
/// Also assigns each row its idempotency key — the row's own, or one derived from its content —
/// so that even rejected rows report the key they would be applied under.
public enum RequestValidator {
    public static let maxReasonCodePoints = 200
    public static let maxKeyCodePoints = 128

    /// A row's key and what validation made of it.
    public struct Validated: Sendable {
        public let idempotencyKey: String
        public let request: Result<TransferRequest, Rejection>
    }

    /// Validates one row. `keys` derives keys for keyless rows of the row's file.
    public static func validate(_ row: TransferRow, keys: inout DerivedKeyCounter) -> Validated {
        let kind = AccountKind(text: row.kind)
        let currency = Currency(code: row.currency)
        let exponent = kind == .points ? 0 : (currency?.exponent ?? 0)
        let requestedAt = row.requestedAt.isEmpty ? nil : Timestamp.parseMillis(row.requestedAt)
        let amount = Result { () throws(MoneyText.ParseError) in try MoneyText.parsePositive(row.amount, exponent: exponent) }

        let key: String
        if row.idempotencyKey.isEmpty {
            let amountText = (try? amount.get()).map { String($0) } ?? "raw:" + row.amount
            let timeText = requestedAt.map { String($0) } ?? "raw:" + row.requestedAt
            key = keys.nextKey(content: [
                row.kind.lowercased(), row.tenantID, row.fromUserID, row.toUserID, amountText, row.currency,
                row.description, row.reason, row.source, row.referenceID, timeText,
            ])
        } else {
            key = row.idempotencyKey
        }

        if let problem = requestProblem(row, kind: kind, currency: currency, requestedAt: requestedAt) {
            return Validated(idempotencyKey: key, request: .failure(Rejection(.invalidRequest, problem)))
        }
        guard let kind else { preconditionFailure("requestProblem accepts only known kinds") }
        let minorUnits: Int64
        switch amount {
        case .success(let value): minorUnits = value
        case .failure(let error): return Validated(idempotencyKey: key, request: .failure(Rejection(.invalidAmount, error.description)))
        }
        let request = TransferRequest(
            kind: kind, tenantID: row.tenantID, fromUserID: row.fromUserID, toUserID: row.toUserID,
            amount: minorUnits, currency: kind == .wallet ? currency : nil, description: row.description,
            reason: row.reason, source: row.source, referenceID: row.referenceID, requestedAtMillis: requestedAt,
            idempotencyKey: key, origin: row.origin
        )
        return Validated(idempotencyKey: key, request: .success(request))
    }

    /// The first `invalid_request` problem of a row, in the order people fix them, or nil.
    private static func requestProblem(
        _ row: TransferRow, kind: AccountKind?, currency: Currency?, requestedAt: Int64?
    ) -> String? {
        if let problem = row.recordProblem { return problem }
        let required = [("kind", row.kind), ("tenant_id", row.tenantID), ("from_user_id", row.fromUserID),
                        ("to_user_id", row.toUserID), ("amount", row.amount)]
        if let missing = required.first(where: { $0.1.isEmpty }) {
            return "missing required value: \(missing.0)"
        }
        guard let kind else { return "unknown kind '\(row.kind)' (expected wallet or points)" }
        switch kind {
        case .wallet where row.currency.isEmpty:
            return "missing required value: currency (wallet transfers name their currency)"
        case .wallet where currency == nil:
            return "unknown currency '\(row.currency)' (known: \(Currency.knownCodes))"
        case .points where !row.currency.isEmpty:
            return "points transfers take no currency, got '\(row.currency)'"
        default:
            break
        }
        // Byte-wise: `josé` composed and `jose`+U+0301 are two users (SPEC §2), not a self-transfer.
        if OpaqueID.sameBytes(row.fromUserID, row.toUserID) { return "self-transfer: from_user_id equals to_user_id '\(row.fromUserID)'" }
        // A text has at most as many code points as UTF-8 bytes: only a long one needs counting.
        if row.reason.utf8.count > maxReasonCodePoints, row.reason.unicodeScalars.count > maxReasonCodePoints {
            return "reason is \(row.reason.unicodeScalars.count) characters, at most \(maxReasonCodePoints) allowed"
        }
        if row.idempotencyKey.utf8.count > maxKeyCodePoints, row.idempotencyKey.unicodeScalars.count > maxKeyCodePoints {
            return "idempotency_key is \(row.idempotencyKey.unicodeScalars.count) characters, at most \(maxKeyCodePoints) allowed"
        }
        if !row.requestedAt.isEmpty, requestedAt == nil {
            return "requested_at '\(row.requestedAt)' is not an RFC 3339 timestamp (e.g. 2026-04-15T10:30:00Z)"
        }
        return nil
    }
}
