import Foundation
import ResourceGraph

/// The body of a rest-json or rest-xml request.
public enum RESTBody: Sendable {
    case none
    /// Sent as `application/json`.
    case json(Value)
    /// An XML document (see `XMLNode.xmlDocument`), sent as `application/xml`.
    case xml(String)
    /// Bytes as they are, e.g. an S3 object or a policy document, with their content type.
    case bytes(Data, contentType: String?)
}

/// A successful rest-json or rest-xml answer: status and headers (which carry output members
/// in REST protocols, like `ETag` or `Location`) and the body, read as the caller expects.
public struct RESTResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
    let call: AWSCall

    init(_ response: HTTPResponse, call: AWSCall) {
        self.status = response.status
        self.headers = response.headers
        self.body = response.body
        self.call = call
    }

    public func header(_ name: String) -> String? { headers[name] }

    /// The body as JSON; an empty object for an empty body.
    public func json() throws -> Value {
        if body.isEmpty { return .emptyObject }
        do {
            return try JSONParser.parse(Array(body))
        } catch {
            throw malformed("invalid JSON: \(error.description)")
        }
    }

    /// The body's root XML element.
    public func xml() throws -> XMLNode {
        do {
            return try XMLNode.parse(body)
        } catch {
            throw malformed(error.description)
        }
    }

    private func malformed(_ problem: String) -> AWSError {
        call.error(
            .malformedResponse, message: "the response (status \(status)) could not be read: \(problem)",
            status: status, requestId: AWSErrorResponse.requestId(headers))
    }
}
