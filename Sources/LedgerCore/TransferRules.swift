/// The stateful half of SPEC §2's rejection order, and the postings of an accepted transfer.
///
/// After `RequestValidator` and the idempotency look-up, in this order: `not_found`,
/// `transfer_disabled`, `account_inactive`, `insufficient_balance`, then an overflow of the
/// receiver is `invalid_amount`. The first that applies wins.
public enum TransferRules {
    /// The rejection for a request against the current state, or nil when it may be applied.
    public static func rejection(
        for request: TransferRequest, tenant: TenantConfig?, sender: AccountState?, receiver: AccountState?
    ) -> Rejection? {
        guard let tenant else { return Rejection(.notFound, "unknown tenant '\(request.tenantID)'") }
        // Messages are built only for rejected rows: this runs once per input row.
        var what: String { accountName(request) }
        guard let sender else {
            return Rejection(.notFound, "sender '\(request.fromUserID)' has no \(what) in tenant '\(tenant.tenantID)'")
        }
        guard let receiver else {
            return Rejection(.notFound, "receiver '\(request.toUserID)' has no \(what) in tenant '\(tenant.tenantID)'")
        }
        if request.kind == .points, !tenant.transferEnabled {
            return Rejection(.transferDisabled, "points transfers are disabled for tenant '\(tenant.tenantID)' (transfer_enabled=false)")
        }
        if sender.status != .active {
            return Rejection(.accountInactive, "sender '\(request.fromUserID)' \(what) is \(sender.status.rawValue)")
        }
        if receiver.status != .active {
            return Rejection(.accountInactive, "receiver '\(request.toUserID)' \(what) is \(receiver.status.rawValue)")
        }
        let asset = request.currency.map(Asset.init(currency:)) ?? tenant.pointsAsset
        if sender.available < request.amount {
            return Rejection(
                .insufficientBalance,
                "sender '\(request.fromUserID)' has \(asset.format(sender.available)) available "
                    + "(balance \(asset.format(sender.balance)), frozen \(asset.format(sender.frozenBalance))), "
                    + "needs \(asset.format(request.amount))"
            )
        }
        // Nothing that fits in Int64 may trap (SPEC §6): a balance or a points counter that would
        // pass Int64.max is a rejection, decided before anything is posted.
        if let overflowing = overflowingField(request, sender: sender, receiver: receiver) {
            return Rejection(
                .invalidAmount,
                "amount \(asset.format(request.amount)) would overflow the \(overflowing) (largest value \(Int64.max))"
            )
        }
        return nil
    }

    /// The first balance or counter that `request` would carry past Int64.max, named for the message.
    static func overflowingField(_ request: TransferRequest, sender: AccountState, receiver: AccountState) -> String? {
        if receiver.balance.addingReportingOverflow(request.amount).overflow {
            return "balance of receiver '\(request.toUserID)'"
        }
        guard request.kind == .points else { return nil }
        if receiver.totalEarned.addingReportingOverflow(request.amount).overflow {
            return "total_earned of receiver '\(request.toUserID)'"
        }
        if sender.totalSpent.addingReportingOverflow(request.amount).overflow {
            return "total_spent of sender '\(request.fromUserID)'"
        }
        return nil
    }

    /// Applies an accepted transfer to both accounts: the sender is debited, the receiver credited,
    /// and points transfers count in total_spent / total_earned.
    public static func apply(
        _ request: TransferRequest, sender: inout AccountState, receiver: inout AccountState
    ) -> (sender: AccountState.PostedChange, receiver: AccountState.PostedChange) {
        precondition(sender.available >= request.amount, "insufficient balance must be rejected first")
        precondition(overflowingField(request, sender: sender, receiver: receiver) == nil, "overflow must be rejected first")
        let debit = sender.post(-request.amount)
        let credit = receiver.post(request.amount)
        if request.kind == .points {
            sender.totalSpent += request.amount
            receiver.totalEarned += request.amount
        }
        return (debit, credit)
    }

    private static func accountName(_ request: TransferRequest) -> String {
        switch request.kind {
        case .wallet: "\(request.currency?.code ?? "?") wallet"
        case .points: "points account"
        }
    }
}
