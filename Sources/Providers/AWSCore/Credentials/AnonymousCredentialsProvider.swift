/// No credentials: requests go unsigned, as STS `AssumeRoleWithWebIdentity` is called (the web
/// identity token in the request is what authenticates it).
public struct AnonymousCredentialsProvider: AWSCredentialsProvider {
    public init() {}

    public var sourceDescription: String { "no credentials (unsigned requests)" }
    public var signsRequests: Bool { false }

    public func credentials() throws -> AWSCredentials {
        throw AWSCredentialsError.notFound(source: sourceDescription, reason: "requests are sent unsigned")
    }
}
