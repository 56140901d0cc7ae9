import LedgerCore
import LedgerStore
import LedgerStorage

/// The books as an hledger journal (SPEC §7), accepted by `hledger check --strict`: every account
/// and commodity is declared, each entry is one balanced transaction dated by its UTC created_at.
///
/// User balances are the platform's liabilities and credit-normal: a user's `hledger balance` is
/// the negative of balances.csv's closing_balance; opening equity is debited by each opening.
/// Names and commodities are mapped by `HledgerNames`; the transfer id, idempotency key and entry
/// type are tags on the transaction line.
struct HledgerJournal: PlainTextJournal {
    func writeDeclarations(tenants: [JournalTenant], accounts: [(JournalAccount, Asset)], to output: JournalOutput) throws {
        var text = """
            ; ledger-recon export: the books as an hledger journal (check with `hledger -f FILE check --strict`).
            ; Names: README "Export to hledger / Beancount"; in ids, every byte but a letter, digit, _ . or - is %HH.
            ; User accounts are liabilities (credit-normal): a user's balance here is minus balances.csv's closing_balance.

            """
        for tenant in tenants {
            text += "; tenant \(HledgerNames.escape(tenant.tenantID)) (\(HledgerNames.text(tenant.name))): currency "
                + "\(HledgerNames.escape(tenant.currency)), points \(HledgerNames.escape(tenant.pointsType)), "
                + "\(tenant.exchangeRate) points per 1 \(HledgerNames.escape(tenant.currency))\n"
        }
        text += "\naccount liabilities  ; type:L\naccount equity  ; type:E\n"
        try output.write(text)
        for (account, _) in accounts {
            try output.write("account \(HledgerNames.account(account.key))  ; account_id:\(HledgerNames.escape(account.accountID))\n")
        }
        text = "\n"
        for asset in Set(accounts.map(\.1)).sorted() {
            // A sample amount with a decimal mark sets the digits hledger shows (`0.` for none).
            text += "commodity \(MoneyText.format(0, exponent: asset.exponent))\(asset.exponent == 0 ? "." : "") "
                + "\(HledgerNames.commodity(asset))\n"
        }
        try output.write(text)
    }

    func transaction(_ entry: JournalEntry, asset: Asset) -> String {
        let description = entry.description.isEmpty && entry.type == .opening ? "opening balance" : entry.description
        var tags = "transfer_id:\(HledgerNames.escape(entry.transferID))"
        if let key = entry.idempotencyKey { tags += ", idempotency_key:\(HledgerNames.escape(key))" }
        tags += ", entry_type:\(entry.type.rawValue)"
        let commodity = HledgerNames.commodity(asset)
        let amount = MoneyText.format(entry.amount, exponent: asset.exponent)
        let negated = MoneyText.format(wide: -Int128(entry.amount), exponent: asset.exponent)
        return "\n\(JournalExport.date(millis: entry.createdAt)) \(HledgerNames.text(description))  ; \(tags)\n"
            + "    \(HledgerNames.account(entry.debitKey))    \(amount) \(commodity)\n"
            + "    \(HledgerNames.account(entry.creditKey))    \(negated) \(commodity)\n"
    }
}
