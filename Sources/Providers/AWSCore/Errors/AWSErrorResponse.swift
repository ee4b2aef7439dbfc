import Foundation
import ResourceGraph

/// What an error response says, read according to the service's protocol:
/// - ec2: `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…`
/// - query and Route 53: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`
/// - S3: `<Error><Code/><Message/><RequestId/>…</Error>`
/// - the emulator: `<ErrorResponse><Errors><Error>…`
/// - json and rest-json: `x-amzn-query-error` (query-compatible services), `x-amzn-ErrorType`,
///   or the body's `__type` / `code` / `ErrorCode`, with `message` / `Message`.
///
/// A body in the other family is tried too (emulators and proxies do not always answer in the
/// service's protocol), and when nothing names an error the status does (`NotFound` for a 404,
/// as for S3's bodiless HEAD responses).
struct AWSErrorResponse: Sendable, Equatable {
    var code: String
    var message: String
    var requestId: String?

    init(code: String, message: String, requestId: String?) {
        self.code = code
        self.message = message
        self.requestId = requestId
    }

    init(_ response: HTTPResponse, apiProtocol: AWSProtocol) {
        let xmlFirst = apiProtocol == .ec2 || apiProtocol == .query || apiProtocol == .restXML
        let parsed = xmlFirst
            ? Self.fromXML(response.body) ?? Self.fromJSON(response)
            : Self.fromJSON(response) ?? Self.fromXML(response.body)
        let requestId = parsed?.requestId ?? Self.requestId(response.headers)
        if let parsed {
            self.init(code: parsed.code, message: parsed.message, requestId: requestId)
        } else {
            self.init(
                code: Self.codeForStatus(response.status), message: Self.describeUnreadableBody(response),
                requestId: requestId)
        }
    }

    /// An `<Error>` document in a 200 response: S3 reports some failures that way
    /// (CopyObject, CompleteMultipartUpload), after it has already sent the status.
    static func embeddedInSuccess(_ response: HTTPResponse) -> AWSErrorResponse? {
        let head = String(decoding: response.body.prefix(256), as: UTF8.self)
        guard head.contains("<Error>") else { return nil }
        return fromXML(response.body, rootOnly: true)
    }

    // MARK: XML

    /// Finds the `Error` element whichever wrapper it comes in: `Response/Errors` (ec2),
    /// `ErrorResponse` (query), none (S3), or `ErrorResponse/Errors` (as the emulator and some
    /// older services answer).
    private static func fromXML(_ body: Data, rootOnly: Bool = false) -> AWSErrorResponse? {
        guard !body.isEmpty, let root = try? XMLNode.parse(body) else { return nil }
        let error = root.name == "Error" ? root : rootOnly ? nil : root.path("Errors", "Error") ?? root.child("Error")
        guard let error, let code = error.string("Code"), !code.isEmpty else { return nil }
        let requestId = ["RequestID", "RequestId", "requestId"].lazy
            .compactMap { root.string($0) ?? error.string($0) }.first
        let message = error.string("Message") ?? error.string("message") ?? ""
        return AWSErrorResponse(code: code, message: message, requestId: requestId)
    }

    // MARK: JSON

    private static func fromJSON(_ response: HTTPResponse) -> AWSErrorResponse? {
        let body = response.body.isEmpty ? nil : try? JSONParser.parse(Array(response.body))
        let bodyCode = ["__type", "code", "Code", "ErrorCode", "errorCode"].lazy
            .compactMap { body?[attribute: $0]?.stringValue }.first
        // A query-compatible service (CloudWatch over json) puts the query protocol's code in
        // this header, and that is the code its documentation and callers know.
        let queryCode = response.headers["x-amzn-query-error"].flatMap { $0.split(separator: ";").first.map(String.init) }
        guard let rawCode = queryCode ?? response.headers["x-amzn-ErrorType"] ?? bodyCode else { return nil }
        let code = sanitize(rawCode)
        guard !code.isEmpty else { return nil }
        let message = ["message", "Message", "errorMessage", "ErrorMessage"].lazy
            .compactMap { body?[attribute: $0]?.stringValue }.first ?? ""
        return AWSErrorResponse(code: code, message: message, requestId: requestId(response.headers))
    }

    /// `aws.protocoltests#FooError:http://internal.amazon.com/…` is `FooError`: the part before
    /// any `:`, then after the last `#`.
    static func sanitize(_ code: String) -> String {
        var code = Substring(code)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return code.trimmingCharacters(in: .whitespaces)
    }

    // MARK: Fallbacks

    static func requestId(_ headers: HTTPHeaders) -> String? {
        headers["x-amzn-RequestId"] ?? headers["x-amz-request-id"]
    }

    static func codeForStatus(_ status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 405: "MethodNotAllowed"
        case 409: "Conflict"
        case 412: "PreconditionFailed"
        case 413: "RequestEntityTooLarge"
        case 429: "TooManyRequests"
        case 500: "InternalServerError"
        case 501: "NotImplemented"
        case 502: "BadGateway"
        case 503: "ServiceUnavailable"
        case 504: "GatewayTimeout"
        default: "HTTP\(status)"
        }
    }

    /// Says what came back when it was not an AWS error document. Short plain text (what
    /// proxies and emulators send) is quoted; markup such as an HTML error page is not.
    private static func describeUnreadableBody(_ response: HTTPResponse) -> String {
        if response.body.isEmpty { return "HTTP \(response.status) with an empty body" }
        let contentType = response.headers["Content-Type"] ?? "no content type"
        let text = String(decoding: response.body.prefix(400), as: UTF8.self)
        let isPlainText = contentType.hasPrefix("text/plain") || contentType == "no content type"
        if isPlainText, !text.contains("<") {
            let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            return "HTTP \(response.status): \(oneLine.prefix(200))"
        }
        return "HTTP \(response.status) with a \(contentType) body of \(response.body.count) bytes that is not an AWS error document"
    }
}
