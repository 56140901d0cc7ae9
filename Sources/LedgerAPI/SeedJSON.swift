import LedgerCore
public import LedgerStorage

// The seeds' JSON shapes (`dto.PointTransactionResponse`, `dto.TransactionResponse`, the wallet and
// points account responses) of what the store's queries return: field names and nulls as the
// source platform's API has them, so a client of that API reads ours unchanged (SPEC §4).

extension PointsRecord {
    public var json: JSONValue {
        .object([
            "id": .string(id), "account_id": .string(accountID), "user_id": .string(userID), "type": .string(type),
            "amount": .int(amount), "balance_before": .int(balanceBefore), "balance_after": .int(balanceAfter),
            "description": .string(description), "reason": .string(reason), "source": .string(source),
            "related_id": .string(relatedID), "idempotency_key": .string(idempotencyKey),
            "status": .string(PointsRecord.status),
            // The ledger does not track expiry; the field exists in the seed, so it is an explicit null.
            "expires_at": .null,
            "created_at": .time(createdAt), "updated_at": .time(createdAt),
        ])
    }
}

extension WalletRecord {
    public var json: JSONValue {
        .object([
            "id": .string(id), "wallet_id": .string(walletID), "type": .string(type),
            "amount": .string(asset.format(amount)), "balance_before": .string(asset.format(balanceBefore)),
            "balance_after": .string(asset.format(balanceAfter)), "counterparty_id": .string(counterpartyID),
            "currency": .string(asset.code), "description": .string(description), "reference_id": .string(referenceID),
            "status": .string(WalletRecord.status), "created_at": .time(createdAt),
        ])
    }
}

extension WalletView {
    public var json: JSONValue {
        .object([
            "wallet_id": .string(walletID), "application_id": .string(applicationID), "tenant_id": .string(tenantID),
            "user_id": .string(userID), "currency": .string(asset.code), "balance": .string(asset.format(balance)),
            "frozen_balance": .string(asset.format(frozenBalance)), "status": .string(status),
            "created_at": .time(createdAt), "updated_at": .time(updatedAt),
        ])
    }
}

extension PointsAccountView {
    public var json: JSONValue {
        .object([
            "id": .string(id), "tenant_id": .string(tenantID), "user_id": .string(userID),
            "points_type": .string(pointsType), "exchange_rate": .int(exchangeRate), "balance": .int(balance),
            "frozen_balance": .int(frozenBalance), "total_earned": .int(totalEarned), "total_spent": .int(totalSpent),
            "expired_points": .int(expiredPoints), "status": .string(status), "version": .int(version),
            "created_at": .time(createdAt), "updated_at": .time(updatedAt),
        ])
    }
}

extension UserAccounts {
    /// `{wallets, points_account}`; with `userID: true` the user id is included (the all-users listing).
    public func json(userID includeUser: Bool) -> JSONValue {
        var fields: [String: JSONValue] = [
            "wallets": .array(wallets.map(\.json)),
            "points_account": pointsAccount?.json ?? .null,
        ]
        if includeUser { fields["user_id"] = .string(userID) }
        return .object(fields)
    }
}
