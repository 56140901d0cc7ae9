/// Why a transfer request was refused: a code from SPEC §2's table and a message for people.
public struct Rejection: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable, Comparable {
        case invalidRequest = "invalid_request"
        case invalidAmount = "invalid_amount"
        case idempotencyConflict = "idempotency_conflict"
        case notFound = "not_found"
        case transferDisabled = "transfer_disabled"
        case accountInactive = "account_inactive"
        case insufficientBalance = "insufficient_balance"

        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
