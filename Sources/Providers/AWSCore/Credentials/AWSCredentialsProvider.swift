/// A source of AWS credentials: keys in the configuration, the environment, a profile, an
/// assumed role, the instance metadata service.
///
/// Called before every request (including each retry), so providers whose credentials are
/// costly to get or expire cache them; see `CachingCredentialsProvider`.
public protocol AWSCredentialsProvider: Sendable {
    /// Where this provider looks, for messages: "environment variables AWS_ACCESS_KEY_ID and
    /// AWS_SECRET_ACCESS_KEY".
    var sourceDescription: String { get }

    /// The credentials to sign with now. Throws `AWSCredentialsError.notFound` when this source
    /// has none configured (a chain then tries the next source); any other error means the
    /// source is configured but failed, and stops a chain.
    func credentials() async throws -> AWSCredentials

    /// Whether requests made with this provider are signed. Only `AnonymousCredentialsProvider`
    /// says no.
    var signsRequests: Bool { get }
}

extension AWSCredentialsProvider {
    public var signsRequests: Bool { true }
}
