/// Why the provider settings cannot make a client: no region anywhere, unreadable config files.
public struct AWSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
