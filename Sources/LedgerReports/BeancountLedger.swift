import LedgerCore
import LedgerStore
import LedgerStorage

/// The books as a Beancount ledger (SPEC §7), accepted by `bean-check`: every commodity declared,
/// every account opened (on the date of its creation or first entry, whichever is earlier) for its
/// one commodity, each entry one balanced transaction dated by its UTC created_at.
///
/// User balances are liabilities (credit-normal): a user's balance in Beancount is the negative of
/// balances.csv's closing_balance. Names and commodities are mapped by `BeancountNames`; every
/// `open` carries the ledger's ids as metadata, each transaction its transfer id, idempotency key
/// and entry type.
struct BeancountLedger: PlainTextJournal {
    /// 0001-01-01T00:00:00Z in milliseconds: Beancount's dates start at year 1 (Python's `date`),
    /// while an RFC 3339 `requested_at` may say year 0000.
    static let earliestMillis: Int64 = -62_135_596_800_000

    /// The UTC date of `millis`, or 0001-01-01 for a time before it.
    static func date(millis: Int64) -> String {
        JournalExport.date(millis: max(millis, earliestMillis))
    }

    func writeDeclarations(tenants: [JournalTenant], accounts: [(JournalAccount, Asset)], to output: JournalOutput) throws {
        var text = """
            ; ledger-recon export: the books as a Beancount ledger (check with `bean-check FILE`).
            ; Names: README "Export to hledger / Beancount"; in ids, every byte but an ASCII letter or digit is -HH.
            ; User accounts are liabilities (credit-normal): a user's balance here is minus balances.csv's closing_balance.
            ; Tenants: custom "ledger-recon-tenant" tenant_id name currency points_type points-per-major-unit.
            option "title" "ledger-recon export"

            """
        let firstDate = Self.date(millis: accounts.map(\.0.openedAt).min() ?? 0)
        // A tenant's settings as a `custom` directive: strings, so any name survives (a comment would end at a line break).
        for tenant in tenants {
            text += "\(firstDate) custom \"ledger-recon-tenant\" \(BeancountNames.string(tenant.tenantID)) "
                + "\(BeancountNames.string(tenant.name)) \(BeancountNames.string(tenant.currency)) "
                + "\(BeancountNames.string(tenant.pointsType)) \(tenant.exchangeRate)\n"
        }
        text += "\n"
        for asset in Set(accounts.map(\.1)).sorted() {
            text += "\(firstDate) commodity \(BeancountNames.commodity(asset))\n"
            text += "  kind: \(BeancountNames.string(asset.kind.rawValue))\n"
            text += asset.kind == .points ? "  points_type: \(BeancountNames.string(asset.code))\n" : ""
        }
        try output.write(text + "\n")
        for (account, asset) in accounts {
            var text = "\(Self.date(millis: account.openedAt)) open \(BeancountNames.account(account.key)) "
                + "\(BeancountNames.commodity(asset))\n"
            text += "  tenant_id: \(BeancountNames.string(account.key.tenantID))\n"
            text += "  kind: \(BeancountNames.string(account.key.kind.rawValue))\n"
            text += "  asset: \(BeancountNames.string(account.key.asset))\n"
            text += account.key.isSystem ? "  system: TRUE\n" : "  user_id: \(BeancountNames.string(account.key.userID))\n"
            text += "  account_id: \(BeancountNames.string(account.accountID))\n"
            try output.write(text)
        }
    }

    func transaction(_ entry: JournalEntry, asset: Asset) -> String {
        let narration = entry.description.isEmpty && entry.type == .opening ? "opening balance" : entry.description
        var text = "\n\(Self.date(millis: entry.createdAt)) * \(BeancountNames.string(narration))\n"
        if entry.createdAt < Self.earliestMillis {
            // Dated 0001-01-01 for Beancount; the ledger's own time, exactly.
            text += "  created_at: \(BeancountNames.string(Timestamp.format(millis: entry.createdAt)))\n"
        }
        text += "  transfer_id: \(BeancountNames.string(entry.transferID))\n"
        if let key = entry.idempotencyKey { text += "  idempotency_key: \(BeancountNames.string(key))\n" }
        text += "  entry_type: \(BeancountNames.string(entry.type.rawValue))\n"
        let commodity = BeancountNames.commodity(asset)
        text += "  \(BeancountNames.account(entry.debitKey))  \(MoneyText.format(entry.amount, exponent: asset.exponent)) \(commodity)\n"
        text += "  \(BeancountNames.account(entry.creditKey))  \(MoneyText.format(wide: -Int128(entry.amount), exponent: asset.exponent)) \(commodity)\n"
        return text
    }
}
