import Foundation
import LedgerCore

// What the query commands print (SPEC §4), shaped as the source platform's API returns it
// (`../shared/seeds/`): the records and accounts a query reads, their JSON, and the envelopes.

/// One points transaction record, `dto.PointTransactionResponse` (SPEC §2 "Transaction records").
public struct PointsRecord: Hashable, Sendable {
    public var id: String
    /// The points account's id (a bare ULID).
    public var accountID: String
    public var userID: String
    public var type: String
    /// The positive size of the change; `type` gives its direction.
    public var amount: Int64
    public var balanceBefore: Int64
    public var balanceAfter: Int64
    public var description: String
    public var reason: String
    public var source: String
    /// The other side's record of a transfer; empty for an opening balance (its other side is the system).
    public var relatedID: String
    /// The key the transfer was applied under (derived keys included); empty for an opening balance.
    public var idempotencyKey: String
    /// UTC milliseconds.
    public var createdAt: Int64

    public static let status = "completed"

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

/// One wallet transaction record, `dto.TransactionResponse` (SPEC §2 "Transaction records").
public struct WalletRecord: Hashable, Sendable {
    public var id: String
    public var walletID: String
    public var type: String
    /// Minor units of `asset`; `amount` is the positive size of the change.
    public var amount: Int64
    public var balanceBefore: Int64
    public var balanceAfter: Int64
    public var asset: Asset
    /// The other user of a transfer; empty for an opening balance (the system side).
    public var counterpartyID: String
    public var description: String
    public var referenceID: String
    /// UTC milliseconds.
    public var createdAt: Int64

    public static let status = "completed"

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

/// A user's wallet, `dto.WalletResponse` (SPEC §2 "Wallets").
public struct WalletView: Hashable, Sendable {
    public var walletID: String
    public var applicationID: String
    public var tenantID: String
    public var userID: String
    public var asset: Asset
    public var balance: Int64
    public var frozenBalance: Int64
    public var status: String
    public var createdAt: Int64
    public var updatedAt: Int64

    public var json: JSONValue {
        .object([
            "wallet_id": .string(walletID), "application_id": .string(applicationID), "tenant_id": .string(tenantID),
            "user_id": .string(userID), "currency": .string(asset.code), "balance": .string(asset.format(balance)),
            "frozen_balance": .string(asset.format(frozenBalance)), "status": .string(status),
            "created_at": .time(createdAt), "updated_at": .time(updatedAt),
        ])
    }
}

/// A user's points account, `dto.PointAccountResponse` (SPEC §2 "Points accounts").
public struct PointsAccountView: Hashable, Sendable {
    public var id: String
    public var tenantID: String
    public var userID: String
    public var pointsType: String
    /// The tenant's current exchange rate (points per major unit of its currency).
    public var exchangeRate: Int64
    public var balance: Int64
    public var frozenBalance: Int64
    public var totalEarned: Int64
    public var totalSpent: Int64
    public var expiredPoints: Int64
    public var status: String
    public var version: Int64
    public var createdAt: Int64
    public var updatedAt: Int64

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

/// One user's accounts in a tenant: wallets sorted by currency, and the points account if any.
public struct UserAccounts: Hashable, Sendable {
    public var userID: String
    public var wallets: [WalletView]
    public var pointsAccount: PointsAccountView?

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

/// A JSON value with explicit nulls, so every field a seed defines is present even when empty.
public indirect enum JSONValue: Hashable, Sendable, Encodable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// An RFC 3339 UTC time from epoch milliseconds.
    public static func time(_ millis: Int64) -> JSONValue { .string(Timestamp.format(millis: millis)) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let fields): try container.encode(fields)
        }
    }
}

/// The envelopes of the seeds' responses and their encoding (SPEC §4).
public enum QueryResponse {
    public static let successMessage = "success"

    /// `dto.PointTransactionListResponse` (and its wallet twin): code, message, items, pagination, total, timestamp.
    public static func transactions(_ page: TransactionPage, now: Int64) -> JSONValue {
        let items: [JSONValue]
        switch page.items {
        case .points(let records): items = records.map(\.json)
        case .wallet(let records): items = records.map(\.json)
        }
        return .object([
            "code": .int(200), "message": .string(successMessage), "items": .array(items),
            "pagination": pagination(page.pagination), "total": .int(Int64(page.pagination.total)),
            "timestamp": timestamp(now),
        ])
    }

    /// One user: `data` = {wallets, points_account}.
    public static func accounts(_ user: UserAccounts, now: Int64) -> JSONValue {
        .object([
            "code": .int(200), "message": .string(successMessage), "data": user.json(userID: false),
            "timestamp": timestamp(now),
        ])
    }

    /// Every user of a tenant, one page: `data` = [{user_id, wallets, points_account}], plus pagination over users.
    public static func accounts(_ page: AccountsPage, now: Int64) -> JSONValue {
        .object([
            "code": .int(200), "message": .string(successMessage), "data": .array(page.users.map { $0.json(userID: true) }),
            "pagination": pagination(page.pagination), "total": .int(Int64(page.pagination.total)),
            "timestamp": timestamp(now),
        ])
    }

    /// The seeds' `SimpleResponse` for 404: code, message, timestamp.
    public static func notFound(_ message: String, now: Int64) -> JSONValue {
        .object(["code": .int(404), "message": .string(message), "timestamp": timestamp(now)])
    }

    public static func pagination(_ pagination: Pagination) -> JSONValue {
        .object([
            "page": .int(Int64(pagination.page)), "page_size": .int(Int64(pagination.pageSize)),
            "total": .int(Int64(pagination.total)), "total_pages": .int(Int64(pagination.totalPages)),
            "has_next": .bool(pagination.hasNext), "has_prev": .bool(pagination.hasPrev),
        ])
    }

    /// The response time, to the second as the seeds show it.
    static func timestamp(_ millis: Int64) -> JSONValue {
        let (seconds, remainder) = millis.quotientAndRemainder(dividingBy: 1000)
        return .time((remainder < 0 ? seconds - 1 : seconds) * 1000)
    }

    /// Pretty-printed JSON with sorted keys, `/` unescaped and non-ASCII text as UTF-8; ends with a newline.
    public static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            // Foundation on Linux pretty-prints an empty array over three lines; JSON strings never
            // hold a raw newline, so this touches only empty arrays.
            return text.replacing(#/\[\n\n *\]/#, with: "[]") + "\n"
        } catch {
            // JSONValue holds no floating point, the only thing JSONEncoder refuses.
            preconditionFailure("a JSONValue always encodes: \(error)")
        }
    }
}
