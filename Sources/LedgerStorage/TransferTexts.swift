/// A transfer's free text: stored in `transfer_texts` only when it says more than its type implies.
package struct TransferTexts: Hashable, Sendable {
    package var description = ""
    package var reason = ""
    package var source = ""
    package var referenceID = ""
    /// The file a request came from when it is not a recorded `input_files` row (library use).
    package var sourceFile = ""

    package init(description: String = "", reason: String = "", source: String = "", referenceID: String = "", sourceFile: String = "") {
        self.description = description
        self.reason = reason
        self.source = source
        self.referenceID = referenceID
        self.sourceFile = sourceFile
    }

    /// An opening balance's source is `opening_balance` (SPEC §2); nothing else is implied.
    package static func implied(entryType: String) -> TransferTexts {
        entryType == "opening" ? TransferTexts(source: "opening_balance") : TransferTexts()
    }

    package func isImplied(entryType: String) -> Bool { self == TransferTexts.implied(entryType: entryType) }
}
