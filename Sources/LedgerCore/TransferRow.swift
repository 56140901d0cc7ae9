/// Where an input row came from, for messages and for the idempotency record of the original.
public struct RowOrigin: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line where the record starts; the header is line 1.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One transfers-file row as text, every field already trimmed of surrounding white space
/// (SPEC §3). Nothing is interpreted yet: `RequestValidator` decides what it means.
public struct TransferRow: Hashable, Sendable {
    public var kind: String
    public var tenantID: String
    public var fromUserID: String
    public var toUserID: String
    public var amount: String
    public var currency: String
    public var idempotencyKey: String
    public var description: String
    public var reason: String
    public var source: String
    public var referenceID: String
    public var requestedAt: String
    public var origin: RowOrigin
    /// A problem the CSV reader found in the record itself (ragged, invalid UTF-8, NUL,
    /// unterminated quote); such a row is `invalid_request` with this message.
    public var recordProblem: String?

    public init(
        kind: String = "", tenantID: String = "", fromUserID: String = "", toUserID: String = "",
        amount: String = "", currency: String = "", idempotencyKey: String = "", description: String = "",
        reason: String = "", source: String = "", referenceID: String = "", requestedAt: String = "",
        origin: RowOrigin = RowOrigin(file: "-", line: 0), recordProblem: String? = nil
    ) {
        self.kind = kind
        self.tenantID = tenantID
        self.fromUserID = fromUserID
        self.toUserID = toUserID
        self.amount = amount
        self.currency = currency
        self.idempotencyKey = idempotencyKey
        self.description = description
        self.reason = reason
        self.source = source
        self.referenceID = referenceID
        self.requestedAt = requestedAt
        self.origin = origin
        self.recordProblem = recordProblem
    }
}
