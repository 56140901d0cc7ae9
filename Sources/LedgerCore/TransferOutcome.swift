/// What happened to one transfer request (SPEC §5 results.csv `status`).
public enum TransferOutcome: Hashable, Sendable {
    /// Applied now; the id of the new journal entry.
    case applied(transferID: String)
    /// Seen before with the same content; the id of the original transfer.
    case duplicate(originalTransferID: String)
    case rejected(Rejection)

    public var status: String {
        switch self {
        case .applied: "applied"
        case .duplicate: "duplicate"
        case .rejected: "rejected"
        }
    }

    public var transferID: String? {
        switch self {
        case .applied(let id), .duplicate(let id): id
        case .rejected: nil
        }
    }

    public var rejection: Rejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }
}
