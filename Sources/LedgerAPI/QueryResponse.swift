import Foundation
import LedgerCore
public import LedgerStorage

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
