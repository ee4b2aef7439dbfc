import Foundation

extension AWSClient {
    /// Calls a rest-json or rest-xml operation.
    ///
    /// - Parameters:
    ///   - path: the request path with its labels already encoded, e.g.
    ///     `"/2015-03-31/functions/" + AWSURIEncoding.encode(name) + "/configuration"`
    ///     (`keepSlash: true` for greedy labels such as S3 keys). Path-style S3 addressing is
    ///     `"/" + bucket + "/" + key` here.
    ///   - query: decoded name/value pairs; they are encoded when sent and when signed.
    ///   - hostPrefix: put in front of the endpoint's host, e.g. `"bucket."` for
    ///     virtual-hosted S3 addressing.
    ///   - idempotent: nil decides by method: GET, HEAD, PUT and DELETE are idempotent, POST
    ///     and PATCH are not. See `query(_:action:parameters:idempotent:)`.
    public func rest(
        _ service: AWSService, operation: String, method: String, path: String,
        query: [(name: String, value: String)] = [], headers: HTTPHeaders = [:], body: RESTBody = .none,
        hostPrefix: String? = nil, idempotent: Bool? = nil
    ) async throws -> RESTResponse {
        let method = method.uppercased()
        let isIdempotent = idempotent ?? ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method)
        let apiProtocol: AWSProtocol = service.apiProtocol == .restXML ? .restXML : .restJSON
        let call = AWSCall(service: service, operation: operation, apiProtocol: apiProtocol, idempotent: isIdempotent)
        guard service.apiProtocol == .restJSON || service.apiProtocol == .restXML else {
            throw call.error(.invalidRequest, message: "\(service.serviceId) does not speak a REST protocol")
        }
        guard path.hasPrefix("/") else {
            throw call.error(.invalidRequest, message: "the request path '\(path)' does not start with '/'")
        }

        var allHeaders = headers
        let payload: Data
        switch body {
        case .none:
            payload = Data()
        case .json(let value):
            payload = Data(try encodeJSON(value, call: call).utf8)
            if !allHeaders.contains("Content-Type") { allHeaders.add("Content-Type", "application/json") }
        case .xml(let document):
            payload = Data(document.utf8)
            if !allHeaders.contains("Content-Type") { allHeaders.add("Content-Type", "application/xml") }
        case let .bytes(data, contentType):
            payload = data
            if let contentType, !allHeaders.contains("Content-Type") { allHeaders.add("Content-Type", contentType) }
        }

        let response = try await send(call, hostPrefix: hostPrefix) { endpoint in
            HTTPRequest(
                method: method, endpoint: endpoint.url, path: endpoint.path(path), query: query,
                headers: allHeaders, body: payload)
        }
        return RESTResponse(response, call: call)
    }
}
