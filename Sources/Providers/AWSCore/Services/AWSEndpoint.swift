import Foundation

/// Where to send a service's requests and how to sign them.
public struct AWSEndpoint: Sendable, Equatable {
    /// Where the endpoint came from, for messages such as "the endpoint set by
    /// AWS_ENDPOINT_URL_EC2 refused the connection".
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// Worked out from the service, region and partition.
        case standard
        /// The provider configuration's `endpoints {}` block, under this key.
        case providerConfiguration(key: String)
        /// An environment variable such as `AWS_ENDPOINT_URL`.
        case environment(variable: String)
        /// A shared config file's `endpoint_url`, in this profile.
        case sharedConfig(profile: String)

        public var description: String {
            switch self {
            case .standard: "the standard endpoint"
            case .providerConfiguration(let key): "endpoints.\(key) in the provider configuration"
            case .environment(let variable): "the environment variable \(variable)"
            case .sharedConfig(let profile): "endpoint_url in profile \(profile) of the shared config file"
            }
        }
    }

    /// Scheme, host and port only.
    public var url: URL
    /// A path the endpoint was configured with (`https://proxy.example/aws/ec2`), without a
    /// trailing slash; empty for none. Every request path is appended to it, and the whole
    /// path is signed.
    public var basePath: String
    public var signingRegion: String
    public var signingName: String
    public var source: Source

    public init(url: URL, basePath: String = "", signingRegion: String, signingName: String, source: Source = .standard) {
        self.url = url
        self.basePath = basePath
        self.signingRegion = signingRegion
        self.signingName = signingName
        self.source = source
    }

    public var host: String { url.host ?? "" }

    /// The wire path for a request path that starts with "/".
    public func path(_ requestPath: String) -> String {
        basePath.isEmpty ? requestPath : basePath + requestPath
    }

    /// The endpoint with a label put in front of its host, for virtual-hosted S3 buckets
    /// (`bucket.` + `s3.eu-west-1.amazonaws.com`) and operations with a host prefix.
    public func withHostPrefix(_ prefix: String) -> AWSEndpoint {
        guard !prefix.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              let host = components.host else { return self }
        components.host = prefix + host
        var endpoint = self
        endpoint.url = components.url ?? url
        return endpoint
    }
}
