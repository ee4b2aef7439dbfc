import Foundation

/// Plain HTTP exchanges with the local credential endpoints (container agent, instance
/// metadata service). Unsigned, short timeouts, a retry for a dropped connection: these
/// endpoints are on the same host or link, so an answer comes at once or not at all.
struct CredentialsEndpointRequest {
    var transport: any HTTPTransport
    var timeout: Duration
    /// Attempts for failures that may pass (broken connection, timeout, 5xx).
    var attempts: Int

    /// The request for a full URL such as `http://169.254.170.2/v2/credentials/…`.
    static func request(method: String, url: URL, headers: HTTPHeaders = [:]) -> HTTPRequest? {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false), components.host != nil else {
            return nil
        }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        let query = (components.queryItems ?? []).map { (name: $0.name, value: $0.value ?? "") }
        components.percentEncodedPath = ""
        components.query = nil
        components.fragment = nil
        guard let origin = components.url else { return nil }
        return HTTPRequest(method: method, endpoint: origin, path: path, query: query, headers: headers)
    }

    /// Sends `request`, trying again after failures that may pass.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try await transport.send(request, timeout: timeout)
                if response.status >= 500, attempt < attempts { continue }
                return response
            } catch let error as HTTPTransportError where error.isRetryable && attempt < attempts {
                continue
            }
        }
    }
}
