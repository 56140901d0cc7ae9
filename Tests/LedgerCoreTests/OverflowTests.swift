import LedgerCore
import Testing

/// SPEC §6: no amount that fits in Int64 minor units traps or wraps; what cannot be represented is
/// a rejection or a problem to report, and report totals are exact in 128 bits.
struct OverflowTests {
    let max = Int64.max

    func request(_ kind: AccountKind = .points, amount: Int64) -> TransferRequest {
        TransferRequest(kind: kind, tenantID: "t", fromUserID: "a", toUserID: "b", amount: amount,
                        currency: kind == .wallet ? Currency(code: "JPY")! : nil, idempotencyKey: "k")
    }

    let tenant = TenantConfig(tenantID: "t", name: "T", transferEnabled: true)

    @Test func counterOverflowIsARejectionNotATrap() {
        let rich = AccountState(balance: max, totalEarned: max)
        let cases: [(sender: AccountState, receiver: AccountState, field: String)] = [
            (AccountState(balance: 10, totalEarned: 10), AccountState(balance: max - 5, totalEarned: max - 5), "balance of receiver 'b'"),
            (rich, AccountState(balance: 0, totalEarned: max, totalSpent: max), "total_earned of receiver 'b'"),
            (AccountState(balance: 10, totalEarned: max, totalSpent: max - 5), AccountState(), "total_spent of sender 'a'"),
        ]
        for (sender, receiver, field) in cases {
            let rejection = TransferRules.rejection(for: request(amount: 10), tenant: tenant, sender: sender, receiver: receiver)
            #expect(rejection?.code == .invalidAmount, "\(field)")
            #expect(rejection?.message.contains(field) == true, "\(rejection?.message ?? "nil")")
        }
        // Wallets have no points counters: a wallet transfer is not refused for them.
        let wallet = TransferRules.rejection(for: request(.wallet, amount: 10), tenant: tenant,
                                             sender: AccountState(balance: 10, totalSpent: max), receiver: AccountState(totalEarned: max))
        #expect(wallet == nil)
    }

    @Test func aTransferOfInt64MaxAppliesExactly() {
        var sender = AccountState(balance: max), receiver = AccountState()
        let (debit, credit) = TransferRules.apply(request(.wallet, amount: max), sender: &sender, receiver: &receiver)
        #expect(debit.balanceAfter == 0 && credit.balanceAfter == max && sender.balance == 0 && receiver.balance == max)
    }

    @Test func snapshotCountersThatDoNotFitAreAProblem() {
        // total_earned is derived as balance + total_spent + expired_points: past Int64.max here.
        let derived = AccountSnapshot(tenantID: "t", userID: "u", asset: Asset(pointsType: "p"), balance: max, totalSpent: 1)
        #expect(derived.problem()?.contains("does not fit") == true, "\(derived.problem() ?? "nil")")
        let contradicting = AccountSnapshot(tenantID: "t", userID: "u", asset: Asset(pointsType: "p"), balance: max,
                                            totalEarned: max, totalSpent: max, expiredPoints: max)
        #expect(contradicting.problem()?.contains("is not balance") == true)
        let atTheLimit = AccountSnapshot(tenantID: "t", userID: "u", asset: Asset(pointsType: "p"), balance: max,
                                         totalEarned: max, totalSpent: 0, expiredPoints: 0)
        #expect(atTheLimit.problem() == nil)
    }

    @Test func wideAmountsFormatExactly() {
        let twice = Int128(max) * 2
        #expect(MoneyText.format(wide: twice, exponent: 0) == "18446744073709551614")
        #expect(MoneyText.format(wide: twice, exponent: 2) == "184467440737095516.14")
        #expect(MoneyText.format(wide: -twice, exponent: 3) == "-18446744073709551.614")
        #expect(MoneyText.format(wide: Int128(-5), exponent: 2) == "-0.05")
        #expect(Asset(currency: Currency(code: "BHD")!).format(wide: Int128(max) * 4) == "36893488147419103.228")
    }

    @Test func pointsValuationOfWideTotals() {
        let jpy = Currency(code: "JPY")!, cny = Currency.cny
        #expect(PointsValuation.value(wide: Int128(max) * 3, exchangeRate: 1, currency: jpy) == Int128(max) * 3)
        #expect(PointsValuation.value(wide: Int128(max) * 3, exchangeRate: 100, currency: cny) == Int128(max) * 3)
        // Half to even: 250 points at 100 per yuan = 2.50 yuan = 250 fen; 5 points at 10 per JPY = 0.5 → 0, 15 → 2.
        #expect(PointsValuation.value(wide: 5, exchangeRate: 10, currency: jpy) == 0)
        #expect(PointsValuation.value(wide: 15, exchangeRate: 10, currency: jpy) == 2)
        #expect(PointsValuation.value(wide: -15, exchangeRate: 10, currency: jpy) == -2)
        #expect(PointsValuation.value(points: max, exchangeRate: 1, currency: cny) == nil, "does not fit Int64")
        #expect(PointsValuation.value(points: max, exchangeRate: 100, currency: cny) == max)
    }

    @Test func breakDifferencesAreExact() {
        let violation = CheckViolation(check: .trialBalance, expected: Int128(max) * 2, actual: -Int128(max), detail: "")
        #expect(violation.difference == -Int128(max) * 3)
    }
}
