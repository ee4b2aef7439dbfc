import Foundation

/// Every way an AWS call can fail, with the context to explain it: which service and
/// operation, what AWS said (status, code, message, request id), or why no answer came.
///
/// The description is a single line for users, such as
/// `EC2 CreateVpc: InvalidParameterValue: Value (10.0.0.0/33) for parameter cidrBlock is invalid (status 400, request id 7a62c49f)`.
/// It never holds credentials, signatures, or request bodies: only what AWS answered (code and
/// message), what the transport says, and names.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// AWS answered with an error response.
        case service
        /// No response came; the transport says why.
        case transport(HTTPTransportError)
        /// No credentials could be found or obtained.
        case credentials
        /// The configuration cannot be used, e.g. a malformed endpoint URL or region.
        case configuration
        /// The request could not be built, e.g. its body holds a value not known yet.
        case invalidRequest
        /// AWS answered with success, but with a body that could not be read.
        case malformedResponse
    }

    public var kind: Kind
    /// The service id, e.g. `EC2`, `Secrets Manager`.
    public var service: String
    /// The operation (action) name, e.g. `CreateVpc`.
    public var operation: String
    /// The HTTP status of AWS's answer; nil when there was none.
    public var status: Int?
    /// AWS's error code, without any `namespace#` prefix, e.g. `InvalidParameterValue`.
    public var code: String?
    public var message: String
    public var requestId: String?
    /// Whether the request may have taken effect although it failed: it was not idempotent,
    /// and the failure does not prove it was rejected before being acted on. It was not
    /// retried; whoever made it must look at what exists before trying again.
    public var outcomeUnknown: Bool
    /// How many times the request was sent.
    public var attempts: Int

    public init(
        kind: Kind, service: String, operation: String, status: Int? = nil, code: String? = nil,
        message: String, requestId: String? = nil, outcomeUnknown: Bool = false, attempts: Int = 1
    ) {
        self.kind = kind
        self.service = service
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.requestId = requestId
        self.outcomeUnknown = outcomeUnknown
        self.attempts = attempts
    }

    /// The transport's failure, when no response came.
    public var transportError: HTTPTransportError? {
        if case .transport(let error) = kind { return error }
        return nil
    }

    /// Whether AWS's error code is one of `codes`.
    public func hasCode(_ codes: String...) -> Bool {
        guard let code else { return false }
        return codes.contains(code)
    }

    public var isThrottling: Bool {
        code.map(AWSRetryPolicy.throttlingCodes.contains) ?? false
    }

    /// Whether AWS refused the credentials or the signature, rather than the request itself.
    public var isAuthenticationFailure: Bool {
        code.map { Self.authenticationHints[$0] != nil } ?? false
    }

    public var description: String {
        var text = "\(service) \(operation): "
        switch kind {
        case .service:
            if let code { text += message.isEmpty ? code : "\(code): \(message)" } else { text += message }
            var details: [String] = []
            if let status { details.append("status \(status)") }
            if let requestId { details.append("request id \(requestId)") }
            if attempts > 1 { details.append("after \(attempts) attempts") }
            if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        case .transport(let error):
            text += error.description
            if attempts > 1 { text += " (after \(attempts) attempts)" }
        case .credentials, .configuration, .invalidRequest, .malformedResponse:
            text += message
        }
        if let hint { text += " — " + hint }
        if outcomeUnknown {
            text += "; the outcome is unknown: the request may have taken effect, and it was not retried because repeating it is not safe"
        }
        return text
    }

    /// Advice for failures whose usual cause is the local setup rather than the request.
    var hint: String? {
        guard kind == .service, let code else { return nil }
        if code == "InvalidSignatureException" && message.localizedCaseInsensitiveContains("signature expired") {
            return Self.clockHint
        }
        return Self.authenticationHints[code]
    }

    private static let secretKeyHint =
        "check the secret access key: AWS computed a different signature for this access key id "
        + "(is the secret key the one that belongs to the access key id, without extra characters?)"
    private static let accessKeyHint =
        "check the access key id: AWS does not know it, or it was deleted or deactivated "
        + "(with temporary credentials, check the session token too)"
    private static let expiredHint =
        "the temporary credentials (session token) have expired: obtain new ones"
    private static let clockHint =
        "check the system clock: the request's timestamp is too far from AWS's time"
    private static let signingHint =
        "the request did not carry a complete signature: check that credentials are configured"

    static let authenticationHints: [String: String] = [
        "SignatureDoesNotMatch": secretKeyHint,
        "InvalidSignatureException": secretKeyHint,
        "AuthFailure": "check the access key id and secret access key: AWS could not validate them",
        "InvalidClientTokenId": accessKeyHint,
        "UnrecognizedClientException": accessKeyHint,
        "InvalidAccessKeyId": accessKeyHint,
        "InvalidToken": accessKeyHint,
        "ExpiredToken": expiredHint,
        "ExpiredTokenException": expiredHint,
        "TokenRefreshRequired": expiredHint,
        "RequestExpired": clockHint,
        "RequestTimeTooSkewed": clockHint,
        "RequestInTheFuture": clockHint,
        "IncompleteSignature": signingHint,
        "MissingAuthenticationToken": signingHint,
        "MissingAuthenticationTokenException": signingHint,
    ]
}
