import LedgerCore

/// The `hint` column of breaks.csv (SPEC §5): one sentence per break saying what a person should
/// look at or do, with the figures that differ, so a finance reader does not have to know what
/// each check means to act on it.
public enum BreakHint {
    public static func text(for violation: CheckViolation) -> String {
        let who = violation.userID.isEmpty ? "" : violation.userID
        let account = [who, violation.asset.map { "\($0.code) \($0.kind.rawValue)" } ?? ""].filter { !$0.isEmpty }
            .joined(separator: "'s ")
        let expected = amount(violation.expected, violation.asset)
        let actual = amount(violation.actual, violation.asset)
        switch violation.check {
        case .expectedBalances:
            return expectedBalances(violation, account: account, expected: expected, actual: actual)
        case .snapshotMatches:
            let field = violation.field ?? "balance"
            return "the accounts file states a different \(field) for \(account) than the account was opened with"
                + (expected.isEmpty ? "" : " (file \(expected), opened with \(actual))")
                + "; an accounts file only opens accounts, so put today's balances in the expected-balances file or correct the file"
        case .inputsValid:
            return "a row of the input files could not be loaded (the detail names the file and line); "
                + "correct it in the source system's export and run the night again"
        case .inputAccounted:
            return "not every row read has an outcome (expected \(expected), got \(actual)); the input may have been "
                + "cut short or changed while it was read: check the file and run the same command again"
        case .trialBalance:
            return "debits and credits of \(tenantText(violation)) do not net to zero (\(actual) off); "
                + "the ledger file was changed outside ledger-recon: run `ledger-recon verify` and restore it from a backup"
        case .entriesBalanced, .balanceChain:
            return "a journal entry of \(tenantText(violation)) does not add up; the ledger file was changed outside "
                + "ledger-recon: run `ledger-recon verify` and restore it from a backup"
        case .accountMatchesPostings:
            return "\(account.isEmpty ? "an account" : account)'s stored balance \(actual) is not what its postings add up to "
                + "(\(expected)); the ledger file was changed outside ledger-recon: run `ledger-recon verify` and restore it from a backup"
        case .noNegativeBalance, .pointsIdentity:
            return "\(account.isEmpty ? "an account" : account)'s stored state breaks a rule no transfer can break; "
                + "the ledger file was changed outside ledger-recon: run `ledger-recon verify` and restore it from a backup"
        case .storageIntegrity:
            return "the database file is damaged; stop the nightly job and restore the ledger from a backup"
        case .hashChain:
            return "the history of \(tenantText(violation)) is not the one ledger-recon wrote (the detail names the first link "
                + "that does not hold); the ledger was edited outside ledger-recon: stop the nightly job, compare with the "
                + "chain heads kept in the nights' logs and restore the ledger from a backup"
        }
    }

    private static func expectedBalances(_ violation: CheckViolation, account: String, expected: String, actual: String) -> String {
        let user = violation.userID
        if violation.actual == nil {
            return "the outside system has \(account) (\(expected)) but the ledger never opened it; "
                + "add it to the accounts file or ask why the outside system has it"
        }
        if violation.expected == nil {
            return "the ledger holds \(account) (\(actual)) but the outside system's file does not list it; "
                + "check whether its export left the account out"
        }
        if let field = violation.field {
            return "the outside system says \(field) \(expected), the ledger \(actual); transfers do not change \(field): "
                + "compare the account's freezes in the outside system with the accounts file"
        }
        guard let expectedValue = violation.expected, let actualValue = violation.actual else { return "" }
        let direction = actualValue < expectedValue
            ? "look for a transfer to \(user) missing from tonight's file, or one from \(user) the outside system does not have"
            : "look for a transfer from \(user) missing from tonight's file, or one to \(user) the outside system does not have"
        return "the outside system says \(expected), the ledger \(actual); \(direction)"
    }

    private static func tenantText(_ violation: CheckViolation) -> String {
        let tenant = violation.tenantID.isEmpty ? "the ledger" : "tenant \(violation.tenantID)"
        return violation.asset.map { "\(tenant) in \($0.code)" } ?? tenant
    }

    private static func amount(_ value: Int128?, _ asset: Asset?) -> String {
        guard let value else { return "" }
        return asset?.format(wide: value) ?? String(value)
    }
}
