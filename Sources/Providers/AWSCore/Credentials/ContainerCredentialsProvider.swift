import Foundation

/// Credentials from the container agent of ECS, Fargate, EKS Pod Identity or CodeBuild:
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (a path on 169.254.170.2) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the `Authorization` header from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read for every fetch, since it is rotated) or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// As in the SDKs, a full URI over plain HTTP must point at this machine or at the container
/// agents' link-local addresses, so that the token is never sent across a network in clear.
public struct ContainerCredentialsProvider: AWSCredentialsProvider {
    static let ecsAgentHost = "169.254.170.2"
    /// Hosts a full URI may name over plain HTTP besides loopback addresses: the ECS agent and
    /// the EKS Pod Identity agent (IPv4 and IPv6).
    static let allowedPlainHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]"]

    public let sourceDescription =
        "the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or AWS_CONTAINER_CREDENTIALS_FULL_URI)"
    private let environment: [String: String]
    private let endpoint: CredentialsEndpointRequest

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any HTTPTransport = CurlHTTPClient.shared, timeout: Duration = .seconds(2)
    ) {
        self.environment = environment
        self.endpoint = CredentialsEndpointRequest(transport: transport, timeout: timeout, attempts: 3)
    }

    public func credentials() async throws -> AWSCredentials {
        let url = try endpointURL()
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let token = try authorizationToken() { headers.add("Authorization", token) }
        guard let request = CredentialsEndpointRequest.request(method: "GET", url: url, headers: headers) else {
            throw AWSCredentialsError.invalid(source: sourceDescription, reason: "'\(url)' is not a usable URL")
        }
        let response: HTTPResponse
        do {
            response = try await endpoint.send(request)
        } catch let error as HTTPTransportError {
            throw AWSCredentialsError.invalid(source: sourceDescription, reason: error.description)
        }
        guard response.status == 200 else {
            throw AWSCredentialsError.invalid(
                source: sourceDescription, reason: "the endpoint answered HTTP \(response.status)")
        }
        return try TemporaryCredentialsDocument.parseJSON(response.body, source: sourceDescription)
    }

    private func endpointURL() throws(AWSCredentialsError) -> URL {
        if let relative = value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            guard let url = URL(string: "http://\(Self.ecsAgentHost)\(path)") else {
                throw .invalid(source: sourceDescription, reason: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a valid path")
            }
            return url
        }
        guard let full = value("AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            throw .notFound(source: sourceDescription, reason: "not set")
        }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
              scheme == "https" || scheme == "http" else {
            throw .invalid(source: sourceDescription, reason: "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL")
        }
        guard scheme == "https" || Self.isLoopback(host) || Self.allowedPlainHTTPHosts.contains(host) else {
            throw .invalid(
                source: sourceDescription,
                reason: "AWS_CONTAINER_CREDENTIALS_FULL_URI may use plain http only for this machine or the container "
                    + "agent's address, not \(host)")
        }
        return url
    }

    private func authorizationToken() throws(AWSCredentialsError) -> String? {
        var token: String?
        if let file = value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw .invalid(source: sourceDescription, reason: "the authorization token file \(file) cannot be read")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = value("AWS_CONTAINER_AUTHORIZATION_TOKEN")
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw .invalid(source: sourceDescription, reason: "the authorization token contains a line break")
        }
        return token
    }

    private func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
