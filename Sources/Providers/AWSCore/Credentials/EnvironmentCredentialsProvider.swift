import Foundation

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, for temporary keys, `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialsProvider: AWSCredentialsProvider {
    private let keys: StaticCredentialsProvider

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        keys = StaticCredentialsProvider(
            accessKeyId: environment["AWS_ACCESS_KEY_ID"],
            secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"],
            sessionToken: environment["AWS_SESSION_TOKEN"],
            sourceDescription: "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    }

    public var sourceDescription: String { keys.sourceDescription }

    public func credentials() throws -> AWSCredentials {
        try keys.credentials()
    }
}
