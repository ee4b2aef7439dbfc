import Foundation

/// Calls AWS APIs: resolves the endpoint, signs each attempt with SigV4, sends it, retries
/// what may be retried, and turns every failure into an `AWSError`.
///
/// One client serves a whole run from any number of tasks at once. The protocol entry points
/// are `query` (ec2 and query protocols), `json`, and `rest` (rest-json and rest-xml). They
/// throw `AWSError`, or `CancellationError` when the calling task is cancelled.
public final class AWSClient: Sendable {
    public let configuration: AWSClientConfiguration
    let endpointResolver: AWSEndpointResolver
    let retryBudget = AWSRetryBudget()

    public init(configuration: AWSClientConfiguration) {
        self.configuration = configuration
        self.endpointResolver = configuration.endpointResolver
    }

    public convenience init(
        region: String,
        credentials: any AWSCredentialsProvider,
        endpointOverrides: [String: String] = [:],
        maxRetries: Int = 25,
        transport: any HTTPTransport = CurlHTTPClient.shared
    ) {
        self.init(
            configuration: AWSClientConfiguration(
                region: region, credentials: credentials, endpointOverrides: endpointOverrides,
                maxRetries: maxRetries, transport: transport))
    }

    public var region: String { configuration.region }

    /// Where requests for `service` go, and how they are signed.
    public func endpoint(for service: AWSService) throws(AWSEndpointError) -> AWSEndpoint {
        try endpointResolver.resolve(service)
    }

    /// A fresh token for the idempotency parameters of create calls (`ClientToken`,
    /// `ClientRequestToken`): a call that carries one may be marked idempotent, because AWS
    /// answers a repeated call with the same token with the first call's result.
    public static func idempotencyToken() -> String {
        UUID().uuidString.lowercased()
    }
}

/// The identity of one call, carried into its errors.
struct AWSCall: Sendable {
    var service: AWSService
    var operation: String
    /// How the answer is encoded, which decides how an error answer is read.
    var apiProtocol: AWSProtocol
    var idempotent: Bool

    func error(
        _ kind: AWSError.Kind, message: String, status: Int? = nil, code: String? = nil, requestId: String? = nil
    ) -> AWSError {
        AWSError(
            kind: kind, service: service.serviceId, operation: operation, status: status, code: code,
            message: message, requestId: requestId)
    }
}
