/// A transfer's free text: stored in `transfer_texts` only when it says more than its type implies.
struct TransferTexts: Hashable, Sendable {
    var description = ""
    var reason = ""
    var source = ""
    var referenceID = ""
    /// The file a request came from when it is not a recorded `input_files` row (library use).
    var sourceFile = ""

    /// An opening balance's source is `opening_balance` (SPEC §2); nothing else is implied.
    static func implied(entryType: String) -> TransferTexts {
        entryType == "opening" ? TransferTexts(source: "opening_balance") : TransferTexts()
    }

    func isImplied(entryType: String) -> Bool { self == TransferTexts.implied(entryType: entryType) }
}
