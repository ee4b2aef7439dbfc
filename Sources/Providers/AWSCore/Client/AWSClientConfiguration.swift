import Foundation

/// Everything an `AWSClient` is set up with; the provider block maps onto it.
public struct AWSClientConfiguration: Sendable {
    /// prov's version as sent in `User-Agent`.
    public static let provVersion = "0.1.0"

    public var region: String
    public var credentials: any AWSCredentialsProvider
    /// The provider block's `endpoints {}`: Terraform service key (or alias) to URL.
    public var endpointOverrides: [String: String]
    public var useFIPSEndpoints: Bool?
    public var useDualStackEndpoints: Bool?
    /// `endpoint_url` settings from the shared config profile in use.
    public var sharedConfigEndpoints: AWSEndpointResolver.SharedConfigEndpoints?
    /// Read for `AWS_ENDPOINT_URL*`, `AWS_USE_FIPS_ENDPOINT` and the like.
    public var environment: [String: String]
    public var retryPolicy: AWSRetryPolicy
    public var transport: any HTTPTransport
    /// The longest one attempt may take, from sending to the last byte of the answer.
    public var requestTimeout: Duration
    public var userAgent: String
    public var clock: AWSClock
    /// Told about every retry before its delay, so a run can say it is being throttled.
    public var onRetry: (@Sendable (AWSRetryEvent) -> Void)?

    public init(
        region: String,
        credentials: any AWSCredentialsProvider,
        endpointOverrides: [String: String] = [:],
        maxRetries: Int = 25,
        transport: any HTTPTransport = CurlHTTPClient.shared,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.region = region
        self.credentials = credentials
        self.endpointOverrides = endpointOverrides
        self.environment = environment
        self.retryPolicy = AWSRetryPolicy(maxRetries: maxRetries)
        self.transport = transport
        self.requestTimeout = .seconds(60)
        self.userAgent = "prov/\(Self.provVersion)"
        self.clock = .system
    }

    public var maxRetries: Int {
        get { retryPolicy.maxRetries }
        set { retryPolicy.maxRetries = max(0, newValue) }
    }

    var endpointResolver: AWSEndpointResolver {
        AWSEndpointResolver(
            region: region, overrides: endpointOverrides, environment: environment,
            useFIPS: useFIPSEndpoints, useDualStack: useDualStackEndpoints,
            sharedConfigEndpoints: sharedConfigEndpoints)
    }
}

/// One retry about to happen.
public struct AWSRetryEvent: Sendable {
    public var service: String
    public var operation: String
    /// The attempt that failed (1 for the first).
    public var attempt: Int
    public var delay: Duration
    /// The failure, as `AWSError` describes it.
    public var reason: String
    public var isThrottling: Bool
}
