/// A request that cannot be run as given (SPEC §4: a usage error, exit code 2). The message says
/// what is wrong and, for enumerated options, lists the allowed values.
public struct QueryUsageError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
