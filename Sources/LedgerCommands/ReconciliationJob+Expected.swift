import LedgerCore
import LedgerImport
import LedgerStore
import LedgerStorage

extension ReconciliationJob {
    /// expected_balances: every difference between the expected-balances file and the ledger after
    /// the run, and every account on one side only, within the tenants the file names (SPEC §3).
    func compareExpected(_ inputs: inout RunInputs, writer: LedgerWriter) throws {
        guard let reader = inputs.expected else { return }
        var seen = Set<AccountKey>()
        var tenantsNamed = Set<OpaqueID>()
        var rows = 0
        while let row = try reader.next() {
            rows += 1
            if !row.tenantID.isEmpty { tenantsNamed.insert(OpaqueID(row.tenantID)) }
            let expected: ExpectedBalance
            do {
                expected = try row.expected(tenants: writer.tenants)
            } catch {
                breaks.add(CheckViolation(check: .inputsValid, tenantID: row.tenantID, userID: row.userID, detail: error.description))
                continue
            }
            let key = AccountKey(tenantID: expected.tenantID, kind: expected.asset.kind, asset: expected.asset.code, userID: expected.userID)
            guard seen.insert(key).inserted else {
                breaks.add(CheckViolation(check: .inputsValid, tenantID: key.tenantID, userID: key.userID, asset: expected.asset,
                                          detail: "\(expected.origin): the account appears more than once in the expected balances"))
                continue
            }
            compare(expected, with: writer.state(of: key))
        }
        note(rows: rows, unknownColumns: reader.unknownColumns, read: reader.fileRead)
        for account in writer.allAccounts()
        where tenantsNamed.contains(OpaqueID(account.key.tenantID)) && !account.key.isSystem && !seen.contains(account.key) {
            breaks.add(CheckViolation(
                check: .expectedBalances, tenantID: account.key.tenantID, userID: account.key.userID,
                asset: Asset(kind: account.key.kind, code: account.key.asset), expected: nil, actual: account.state.balance,
                detail: "account \(account.accountID) is in the ledger but not in the expected balances"))
        }
    }

    private func compare(_ expected: ExpectedBalance, with state: AccountState?) {
        let where_ = "\(expected.origin)"
        guard let state else {
            breaks.add(CheckViolation(check: .expectedBalances, tenantID: expected.tenantID, userID: expected.userID,
                                      asset: expected.asset, expected: expected.balance, actual: nil,
                                      detail: "\(where_): the account is in the expected balances but not in the ledger"))
            return
        }
        if state.balance != expected.balance {
            breaks.add(CheckViolation(check: .expectedBalances, tenantID: expected.tenantID, userID: expected.userID,
                                      asset: expected.asset, expected: expected.balance, actual: state.balance,
                                      detail: "\(where_): balance differs"))
        }
        if let frozen = expected.frozenBalance, frozen != state.frozenBalance {
            breaks.add(CheckViolation(check: .expectedBalances, tenantID: expected.tenantID, userID: expected.userID,
                                      asset: expected.asset, expected: frozen, actual: state.frozenBalance, field: "frozen_balance",
                                      detail: "\(where_): frozen_balance differs: file says \(expected.asset.format(frozen)), "
                                          + "the ledger holds \(expected.asset.format(state.frozenBalance))"))
        }
    }
}
