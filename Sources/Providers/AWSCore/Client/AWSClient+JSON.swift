import Foundation
import ResourceGraph

extension AWSClient {
    /// Calls a json protocol (1.0 or 1.1) operation: a POST to `/` with
    /// `X-Amz-Target: <prefix>.<operation>` and the JSON body. Returns the answer's JSON (an
    /// empty object when the answer has no body).
    ///
    /// - Parameter idempotent: see `query(_:action:parameters:idempotent:)`.
    public func json(
        _ service: AWSService, operation: String, body: Value = .emptyObject, idempotent: Bool = true
    ) async throws -> Value {
        let call = AWSCall(service: service, operation: operation, apiProtocol: .json, idempotent: idempotent)
        guard let target = service.jsonTarget else {
            throw call.error(.invalidRequest, message: "\(service.serviceId) does not speak the json protocol")
        }
        let encoded = try encodeJSON(body, call: call)
        let response = try await send(call) { endpoint in
            HTTPRequest(
                method: "POST", endpoint: endpoint.url, path: endpoint.path("/"),
                headers: ["Content-Type": target.contentType, "X-Amz-Target": target.target(operation)],
                body: Data(encoded.utf8))
        }
        return try decodeJSON(response, call: call)
    }

    func encodeJSON(_ body: Value, call: AWSCall) throws -> String {
        do {
            return try JSONEncoding.encode(body)
        } catch {
            throw call.error(.invalidRequest, message: "the request body holds a value that is not known yet")
        }
    }

    func decodeJSON(_ response: HTTPResponse, call: AWSCall) throws -> Value {
        if response.body.isEmpty { return .emptyObject }
        do {
            return try JSONParser.parse(Array(response.body))
        } catch {
            throw malformed(call, response, "invalid JSON: \(error.description)")
        }
    }
}
