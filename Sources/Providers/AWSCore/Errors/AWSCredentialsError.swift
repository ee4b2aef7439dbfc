/// Why no credentials came from a source. Messages name sources, files, variables, profiles
/// and access key ids, never secret keys or tokens.
public enum AWSCredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing is configured at this source.
    case notFound(source: String, reason: String)
    /// Something is configured here but cannot be used (a key without its secret, a
    /// profile that names a missing profile, a failing credential process).
    case invalid(source: String, reason: String)
    /// A chain found nothing at any source; one entry per source, in order.
    case noneFound([Attempt])

    public struct Attempt: Sendable, Equatable {
        public var source: String
        public var reason: String

        public init(source: String, reason: String) {
            self.source = source
            self.reason = reason
        }
    }

    public var description: String {
        switch self {
        case let .notFound(source, reason):
            "no AWS credentials in \(source): \(reason)"
        case let .invalid(source, reason):
            "the AWS credentials in \(source) cannot be used: \(reason)"
        case .noneFound(let attempts):
            "no AWS credentials found. Looked in:\n"
                + attempts.map { "  - \($0.source): \($0.reason)" }.joined(separator: "\n")
                + "\nSet access_key and secret_key in the provider block, the AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY environment variables, or a profile in ~/.aws/credentials."
        }
    }
}
