/// Why no endpoint could be worked out: a malformed URL or region in the configuration.
public struct AWSEndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}
