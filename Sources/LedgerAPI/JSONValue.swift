import LedgerCore

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
