import Foundation

/// The instance profile's credentials from the EC2 instance metadata service, the IMDSv2 way:
/// a session token first (`PUT /latest/api/token`), then the role name and its credentials
/// with that token.
///
/// Off EC2 nothing answers at 169.254.169.254, so the first request has a short timeout (one
/// second by default) and any failure to get an answer means "not found here"; nothing is sent
/// at all when `AWS_EC2_METADATA_DISABLED=true`. `AWS_EC2_METADATA_SERVICE_ENDPOINT` and
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6` choose another address, as in the SDKs.
/// Unlike the SDKs, there is no fallback to IMDSv1 without a token.
public struct InstanceMetadataCredentialsProvider: AWSCredentialsProvider {
    public let sourceDescription = "the EC2 instance metadata service"
    static let tokenLifetimeSeconds = 21_600
    private let environment: [String: String]
    private let endpoint: CredentialsEndpointRequest

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any HTTPTransport = CurlHTTPClient.shared, timeout: Duration = .seconds(1)
    ) {
        self.environment = environment
        self.endpoint = CredentialsEndpointRequest(transport: transport, timeout: timeout, attempts: 2)
    }

    var serviceURL: String {
        if let configured = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"], !configured.isEmpty {
            return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        }
        return environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]?.lowercased() == "ipv6"
            ? "http://[fd00:ec2::254]" : "http://169.254.169.254"
    }

    public func credentials() async throws -> AWSCredentials {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            throw AWSCredentialsError.notFound(source: sourceDescription, reason: "disabled by AWS_EC2_METADATA_DISABLED")
        }
        let tokenResponse: HTTPResponse
        do {
            // One attempt only: off EC2 this is the request that finds out, and it should not
            // cost more than its timeout.
            var quick = endpoint
            quick.attempts = 1
            tokenResponse = try await quick.send(
                request("PUT", "/latest/api/token", ["X-aws-ec2-metadata-token-ttl-seconds": "\(Self.tokenLifetimeSeconds)"]))
        } catch let error as HTTPTransportError {
            throw AWSCredentialsError.notFound(
                source: sourceDescription, reason: "no answer at \(serviceURL) (not running on EC2?): \(error)")
        }
        guard tokenResponse.status == 200, !tokenResponse.body.isEmpty else {
            throw AWSCredentialsError.notFound(
                source: sourceDescription, reason: "\(serviceURL) refused a session token (HTTP \(tokenResponse.status))")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let withToken: HTTPHeaders = ["X-aws-ec2-metadata-token": token]

        let rolesPath = "/latest/meta-data/iam/security-credentials/"
        let roles = try await get(rolesPath, withToken)
        if roles.status == 404 {
            throw AWSCredentialsError.notFound(source: sourceDescription, reason: "the instance has no IAM instance profile")
        }
        guard roles.status == 200,
              let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first else {
            throw AWSCredentialsError.invalid(
                source: sourceDescription, reason: "listing the instance's role answered HTTP \(roles.status)")
        }
        let credentials = try await get(rolesPath + AWSURIEncoding.encode(String(role)), withToken)
        guard credentials.status == 200 else {
            throw AWSCredentialsError.invalid(
                source: sourceDescription, reason: "fetching the credentials of role \(role) answered HTTP \(credentials.status)")
        }
        return try TemporaryCredentialsDocument.parseJSON(credentials.body, source: sourceDescription)
    }

    private func get(_ path: String, _ headers: HTTPHeaders) async throws -> HTTPResponse {
        do {
            return try await endpoint.send(request("GET", path, headers))
        } catch let error as HTTPTransportError {
            throw AWSCredentialsError.invalid(source: sourceDescription, reason: error.description)
        }
    }

    private func request(_ method: String, _ path: String, _ headers: HTTPHeaders) throws(AWSCredentialsError) -> HTTPRequest {
        guard let url = URL(string: serviceURL + path),
              let request = CredentialsEndpointRequest.request(method: method, url: url, headers: headers) else {
            throw .invalid(source: sourceDescription, reason: "'\(serviceURL)' is not a usable metadata service URL")
        }
        return request
    }
}
