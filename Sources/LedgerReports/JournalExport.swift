import LedgerCore
import LedgerStore
import LedgerStorage

/// The plain-text accounting formats `ledger-recon export` writes (SPEC §4, §7).
public enum JournalFormat: String, CaseIterable, Sendable {
    case hledger, beancount
}

/// Writes the books as a plain-text accounting journal (SPEC §7): the declarations (accounts,
/// commodities) first, then one transaction per journal entry, streamed from the scan.
///
/// Each format's syntax is in its own type (`HledgerJournal`, `BeancountLedger`); this type only
/// checks what both need: that every asset is one the ledger knows the digits of.
public enum JournalExport {
    /// How many entries were written, for the command's closing line.
    public struct Written: Sendable {
        public var accounts: Int
        public var entries: Int
    }

    /// Writes the whole journal to `output` (not finished: the caller finishes or abandons it).
    /// - Throws: `JournalScanError.unreadable` for an asset without known digits, write and database errors.
    public static func write(_ scan: JournalScan, format: JournalFormat, to output: JournalOutput) throws -> Written {
        let writer: any PlainTextJournal = switch format {
        case .hledger: HledgerJournal()
        case .beancount: BeancountLedger()
        }
        let accounts = try scan.accounts.map { account in (account, try asset(account.key.kind, account.key.asset, of: "account \(account.accountID)")) }
        try writer.writeDeclarations(tenants: scan.tenants, accounts: accounts, to: output)
        var entries = 0
        try scan.forEachEntry { entry in
            try output.write(writer.transaction(entry, asset: try asset(entry.kind, entry.asset, of: "entry \(entry.transferID)")))
            entries += 1
        }
        return Written(accounts: accounts.count, entries: entries)
    }

    /// The asset with its digits; a wallet currency the ledger does not know is refused rather than
    /// written with guessed digits.
    static func asset(_ kind: AccountKind, _ code: String, of what: String) throws -> Asset {
        guard let asset = Asset(kind: kind, code: code) else {
            throw JournalScanError.unreadable("\(what) is in currency '\(code)', which has no known digits (\(Currency.knownCodes))")
        }
        return asset
    }

    /// `YYYY-MM-DD`, the UTC date of a time in milliseconds.
    static func date(millis: Int64) -> String {
        String(Timestamp.format(millis: millis).prefix(10))
    }
}

/// One plain-text accounting syntax: the declarations (written account by account: a ledger may
/// hold hundreds of thousands) and the text of one transaction.
protocol PlainTextJournal {
    func writeDeclarations(tenants: [JournalTenant], accounts: [(JournalAccount, Asset)], to output: JournalOutput) throws
    func transaction(_ entry: JournalEntry, asset: Asset) -> String
}
