/// Keys given directly: the provider block's `access_key`, `secret_key` and `token`.
public struct StaticCredentialsProvider: AWSCredentialsProvider, CustomStringConvertible {
    private let accessKeyId: String?
    private let secretAccessKey: String?
    private let sessionToken: String?
    public let sourceDescription: String

    /// Any of the values may be nil or empty (unset in the configuration); the provider then
    /// reports `notFound` when neither key is set, and `invalid` when only one is.
    public init(
        accessKeyId: String?, secretAccessKey: String?, sessionToken: String? = nil,
        sourceDescription: String = "the provider configuration (access_key, secret_key)"
    ) {
        self.accessKeyId = accessKeyId.flatMap { $0.isEmpty ? nil : $0 }
        self.secretAccessKey = secretAccessKey.flatMap { $0.isEmpty ? nil : $0 }
        self.sessionToken = sessionToken.flatMap { $0.isEmpty ? nil : $0 }
        self.sourceDescription = sourceDescription
    }

    public init(_ credentials: AWSCredentials, sourceDescription: String = "static credentials") {
        self.init(
            accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken, sourceDescription: sourceDescription)
    }

    public func credentials() throws -> AWSCredentials {
        switch (accessKeyId, secretAccessKey) {
        case let (accessKeyId?, secretAccessKey?):
            return AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
        case (nil, nil):
            throw AWSCredentialsError.notFound(source: sourceDescription, reason: "not set")
        case (_?, nil):
            throw AWSCredentialsError.invalid(source: sourceDescription, reason: "an access key id is set without a secret access key")
        case (nil, _?):
            throw AWSCredentialsError.invalid(source: sourceDescription, reason: "a secret access key is set without an access key id")
        }
    }

    /// Names the access key id only.
    public var description: String {
        "StaticCredentialsProvider(accessKeyId: \(accessKeyId ?? "none"), source: \(sourceDescription))"
    }
}
