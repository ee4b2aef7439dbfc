import Foundation

/// Signs requests with AWS Signature Version 4, either in headers (`Authorization`) or in the
/// query string (pre-signed URLs).
///
/// A pure value: the signing time is passed in, so the same inputs always give the same
/// signature, and tests can compare against published vectors and other SDKs.
public struct SigV4Signer: Sendable {
    /// What the payload hash in the canonical request stands for.
    public enum PayloadSigning: Sendable, Equatable {
        /// The SHA-256 of the request body.
        case signed
        /// The literal `UNSIGNED-PAYLOAD`: the body is not covered by the signature (S3 over
        /// TLS, presigned URLs whose body is not known yet).
        case unsigned
        /// A hash or marker computed elsewhere, e.g. for a streamed body or a
        /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` upload.
        case precomputed(String)
    }

    /// The intermediate results of one signing, for tests and for explaining a mismatch.
    struct Steps: Sendable, Equatable {
        var canonicalRequest: SigV4CanonicalRequest
        var stringToSign: String
        var signature: String
    }

    static let algorithm = "AWS4-HMAC-SHA256"
    static let unsignedPayload = "UNSIGNED-PAYLOAD"
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The longest pre-signed URL lifetime AWS accepts: seven days.
    public static let maximumPresignExpiry = 604_800

    public let region: String
    public let service: String
    let credentials: AWSCredentials
    let pathRule: SigV4CanonicalRequest.PathRule
    /// Whether the session token is part of the signature. Some endpoints (IoT over
    /// WebSockets, as in the published test suite) want it attached only after signing.
    let signsSessionToken: Bool
    private let secretDigest: [UInt8]

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.init(
            credentials: credentials, region: region, service: service,
            pathRule: service == "s3" ? .asSent : .normalizeAndEncode, signsSessionToken: true)
    }

    /// Every knob the published signing test suite varies; `init(credentials:region:service:)`
    /// picks the ones AWS expects for the service.
    init(
        credentials: AWSCredentials, region: String, service: String,
        pathRule: SigV4CanonicalRequest.PathRule, signsSessionToken: Bool
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.pathRule = pathRule
        self.signsSessionToken = signsSessionToken
        self.secretDigest = Crypto.sha256(credentials.secretAccessKey)
    }

    private var isS3: Bool { service == "s3" }

    // MARK: Header signing

    /// Signs `request` in place: adds `X-Amz-Date`, `X-Amz-Security-Token` (with temporary
    /// credentials), `x-amz-content-sha256` when needed, and `Authorization`, replacing any
    /// left from an earlier signing so a retried request can be signed again.
    ///
    /// - Parameter contentHashHeader: send the payload hash as `x-amz-content-sha256`. Always
    ///   done for S3, which requires the header, for unsigned payloads, whose hash the service
    ///   cannot work out from the body, and when the request already carries the header, so
    ///   that it always matches what was signed.
    public func signHeaders(
        _ request: inout HTTPRequest, date: Date, payload: PayloadSigning = .signed,
        contentHashHeader: Bool = false
    ) {
        signHeadersReportingSteps(&request, date: date, payload: payload, contentHashHeader: contentHashHeader)
    }

    @discardableResult
    func signHeadersReportingSteps(
        _ request: inout HTTPRequest, date: Date, payload: PayloadSigning = .signed,
        contentHashHeader: Bool = false
    ) -> Steps {
        let timestamp = SigV4Timestamp(date)
        let payloadHash = payloadHash(payload, body: request.body)
        let sendsContentHash =
            contentHashHeader || isS3 || payload == .unsigned || request.headers.contains("x-amz-content-sha256")

        request.headers.remove("Authorization")
        request.headers.remove("X-Amz-Security-Token")
        if !request.headers.contains("Host") { request.headers.add("Host", request.hostHeader) }
        request.headers.set("X-Amz-Date", timestamp.dateTime)
        if let token = credentials.sessionToken, signsSessionToken {
            request.headers.add("X-Amz-Security-Token", token)
        }
        if sendsContentHash { request.headers.set("x-amz-content-sha256", payloadHash) }

        let canonicalRequest = SigV4CanonicalRequest(
            method: request.method, path: request.path, pathRule: pathRule, query: request.query,
            headers: request.headers, payloadHash: payloadHash)
        let steps = sign(canonicalRequest, timestamp: timestamp)

        request.headers.add(
            "Authorization",
            "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(credentialScope(timestamp)), "
                + "SignedHeaders=\(canonicalRequest.signedHeaders), Signature=\(steps.signature)")
        if let token = credentials.sessionToken, !signsSessionToken {
            request.headers.add("X-Amz-Security-Token", token)
        }
        return steps
    }

    // MARK: Query signing

    /// A copy of `request` signed in its query string, so that its URL alone grants access
    /// for `expires` seconds (1 to `maximumPresignExpiry`).
    ///
    /// - Parameter payload: nil means `UNSIGNED-PAYLOAD` for S3 (the body of a pre-signed
    ///   upload is not known when the URL is made) and the body's hash for other services.
    public func presign(
        _ request: HTTPRequest, date: Date, expires: Int, payload: PayloadSigning? = nil
    ) -> HTTPRequest {
        presignReportingSteps(request, date: date, expires: expires, payload: payload).request
    }

    func presignReportingSteps(
        _ request: HTTPRequest, date: Date, expires: Int, payload: PayloadSigning? = nil
    ) -> (request: HTTPRequest, steps: Steps) {
        precondition(
            (1...Self.maximumPresignExpiry).contains(expires),
            "Pre-signed request expiry must be between 1 and \(Self.maximumPresignExpiry) seconds")
        let timestamp = SigV4Timestamp(date)
        let payloadHash = payloadHash(payload ?? (isS3 ? .unsigned : .signed), body: request.body)

        var signed = request
        signed.headers.remove("Authorization")
        if !signed.headers.contains("Host") { signed.headers.add("Host", signed.hostHeader) }
        signed.query.removeAll { Self.queryAuthorizationNames.contains($0.name) }

        let canonicalHeaders = SigV4CanonicalRequest.canonicalHeaders(signed.headers)
        signed.query += [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyId)/\(credentialScope(timestamp))"),
            ("X-Amz-Date", timestamp.dateTime),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", SigV4CanonicalRequest.signedHeaderList(canonicalHeaders)),
        ]
        if let token = credentials.sessionToken, signsSessionToken {
            signed.query.append(("X-Amz-Security-Token", token))
        }

        let canonicalRequest = SigV4CanonicalRequest(
            method: signed.method, path: signed.path, pathRule: pathRule, query: signed.query,
            canonicalHeaders: canonicalHeaders, payloadHash: payloadHash)
        let steps = sign(canonicalRequest, timestamp: timestamp)

        signed.query.append(("X-Amz-Signature", steps.signature))
        if let token = credentials.sessionToken, !signsSessionToken {
            signed.query.append(("X-Amz-Security-Token", token))
        }
        return (signed, steps)
    }

    /// Query parameters that carry a query-string signature; an earlier signature's are dropped
    /// before signing again.
    private static let queryAuthorizationNames: Set<String> = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Security-Token", "X-Amz-Signature",
    ]

    // MARK: Steps shared by both forms

    func payloadHash(_ payload: PayloadSigning, body: Data) -> String {
        switch payload {
        case .signed: body.isEmpty ? Self.emptyPayloadHash : Crypto.hex(Crypto.sha256(body))
        case .unsigned: Self.unsignedPayload
        case .precomputed(let hash): hash
        }
    }

    func credentialScope(_ timestamp: SigV4Timestamp) -> String {
        "\(timestamp.date)/\(region)/\(service)/aws4_request"
    }

    func stringToSign(_ canonicalRequest: SigV4CanonicalRequest, timestamp: SigV4Timestamp) -> String {
        Self.algorithm + "\n" + timestamp.dateTime + "\n" + credentialScope(timestamp) + "\n"
            + Crypto.hex(Crypto.sha256(canonicalRequest.text))
    }

    private func sign(_ canonicalRequest: SigV4CanonicalRequest, timestamp: SigV4Timestamp) -> Steps {
        let stringToSign = stringToSign(canonicalRequest, timestamp: timestamp)
        let key = signingKey(date: timestamp.date)
        let signature = Crypto.hex(Crypto.hmacSHA256(key: key, data: stringToSign))
        return Steps(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature)
    }

    /// The key for one day, region and service, derived from the secret by a chain of HMACs.
    func signingKey(date: String) -> [UInt8] {
        let entry = SigningKeyCache.Entry(secretDigest: secretDigest, date: date, region: region, service: service)
        return SigningKeyCache.shared.signingKey(for: entry) {
            let dateKey = Crypto.hmacSHA256(key: Array("AWS4\(credentials.secretAccessKey)".utf8), data: date)
            let regionKey = Crypto.hmacSHA256(key: dateKey, data: region)
            let serviceKey = Crypto.hmacSHA256(key: regionKey, data: service)
            return Crypto.hmacSHA256(key: serviceKey, data: "aws4_request")
        }
    }
}

extension SigV4Signer: CustomStringConvertible {
    /// Names the access key only; see `AWSCredentials`.
    public var description: String {
        "SigV4Signer(accessKeyId: \(credentials.accessKeyId), region: \(region), service: \(service))"
    }
}
