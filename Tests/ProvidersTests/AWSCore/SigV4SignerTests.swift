import Foundation
import Testing

@testable import Providers

/// The signer's rules one at a time; the published suite and the botocore cross-check cover
/// whole signatures.
@Suite struct SigV4SignerTests {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let temporaryCredentials = AWSCredentials(
        accessKeyId: "ASIAEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "session/token+value=")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    static func request(
        _ method: String = "GET", endpoint: String = "https://example.amazonaws.com", path: String = "/",
        query: [(name: String, value: String)] = [], headers: HTTPHeaders = [:], body: String = ""
    ) -> HTTPRequest {
        HTTPRequest(
            method: method, endpoint: URL(string: endpoint)!, path: path, query: query, headers: headers,
            body: Data(body.utf8))
    }

    static func values(_ request: HTTPRequest, _ name: String) -> [String] {
        request.headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    // MARK: Canonical URI

    struct PathCase: Sendable, CustomTestStringConvertible {
        var path: String
        var normalized: String
        var testDescription: String { "\(path) → \(normalized)" }
    }

    @Test(arguments: [
        PathCase(path: "", normalized: "/"),
        PathCase(path: "/", normalized: "/"),
        PathCase(path: "//", normalized: "/"),
        PathCase(path: "/a//b", normalized: "/a/b"),
        PathCase(path: "/a/./b/../c/", normalized: "/a/c/"),
        PathCase(path: "/a/..", normalized: "/"),
        PathCase(path: "/../../a", normalized: "/a"),
        PathCase(path: "/a/b/", normalized: "/a/b/"),
        PathCase(path: "/a%2E%2E/b", normalized: "/a%2E%2E/b"),
    ])
    func pathNormalisation(testCase: PathCase) {
        #expect(SigV4CanonicalRequest.normalizedPath(testCase.path) == testCase.normalized)
    }

    @Test func nonS3PathsAreEncodedAgainAndS3PathsAreSignedAsSent() {
        let wirePath = "/a%20b//c/../d%2Fe+f"
        #expect(SigV4CanonicalRequest.canonicalURI(path: wirePath, rule: .normalizeAndEncode) == "/a%2520b/d%252Fe%2Bf")
        #expect(SigV4CanonicalRequest.canonicalURI(path: wirePath, rule: .encode) == "/a%2520b//c/../d%252Fe%2Bf")
        #expect(SigV4CanonicalRequest.canonicalURI(path: wirePath, rule: .asSent) == wirePath)
        #expect(SigV4Signer(credentials: Self.credentials, region: "eu-west-1", service: "s3").pathRule == .asSent)
        #expect(
            SigV4Signer(credentials: Self.credentials, region: "eu-west-1", service: "ec2").pathRule
                == .normalizeAndEncode)
    }

    // MARK: Canonical query and headers

    @Test func queryIsEncodedThenSortedByNameThenValue() {
        let query: [(name: String, value: String)] = [
            ("b", "2"), ("a", "z"), ("a", "y"), ("a-b", "1"), ("a b", "x/y+z="), ("empty", ""),
        ]
        #expect(
            SigV4CanonicalRequest.canonicalQuery(query)
                == "a=y&a=z&a%20b=x%2Fy%2Bz%3D&a-b=1&b=2&empty=")
        #expect(SigV4CanonicalRequest.canonicalQuery([]) == "")
    }

    @Test(arguments: [
        ("value", "value"),
        ("  padded  ", "padded"),
        ("a   b \t c", "a b c"),
        ("folded\n   line", "folded line"),
        ("\"a   b\"", "\"a b\""),
        ("", ""),
        ("   ", ""),
    ])
    func headerValuesAreTrimmedAndInnerSpaceCollapsed(raw: String, trimmed: String) {
        #expect(SigV4CanonicalRequest.trimmedHeaderValue(raw) == trimmed)
    }

    @Test func repeatedHeadersJoinInOrderAndNamesSortInLowerCase() {
        var headers = HTTPHeaders()
        headers.add("X-B", "2")
        headers.add("x-a", "1")
        headers.add("X-A", " 3 ")
        let canonical = SigV4CanonicalRequest.canonicalHeaders(headers)
        #expect(canonical.map(\.name) == ["x-a", "x-b"])
        #expect(canonical.map(\.value) == ["1,3", "2"])
    }

    // MARK: Header signing

    @Test func headersThatIntermediariesRewriteAreNotSigned() {
        var request = Self.request(
            headers: [
                "User-Agent": "prov", "Expect": "100-continue", "Transfer-Encoding": "chunked",
                "X-Amzn-Trace-Id": "Root=1", "Connection": "keep-alive", "Authorization": "stale",
                "X-Kept": "yes",
            ])
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let steps = signer.signHeadersReportingSteps(&request, date: Self.date)
        #expect(steps.canonicalRequest.signedHeaders == "host;x-amz-date;x-kept")
        #expect(Self.values(request, "Authorization").count == 1)
        #expect(Self.values(request, "User-Agent") == ["prov"])
    }

    @Test func signingAgainReplacesEverythingTheSignerAdded() {
        let signer = SigV4Signer(credentials: Self.temporaryCredentials, region: "eu-west-1", service: "s3")
        var resigned = Self.request("PUT", path: "/key", body: "data")
        signer.signHeaders(&resigned, date: Self.date.addingTimeInterval(-86_400))
        signer.signHeaders(&resigned, date: Self.date)

        var fresh = Self.request("PUT", path: "/key", body: "data")
        signer.signHeaders(&fresh, date: Self.date)

        for name in ["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "x-amz-content-sha256", "Host"] {
            #expect(Self.values(resigned, name).count == 1, "\(name)")
            #expect(Self.values(resigned, name) == Self.values(fresh, name), "\(name)")
        }
    }

    @Test func hostHeaderIsAddedWithANonDefaultPortAndAnExistingOneIsKept() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "ec2")
        var local = Self.request(endpoint: "http://127.0.0.1:4566")
        signer.signHeaders(&local, date: Self.date)
        #expect(Self.values(local, "Host") == ["127.0.0.1:4566"])

        var standardPort = Self.request(endpoint: "https://ec2.us-east-1.amazonaws.com:443")
        signer.signHeaders(&standardPort, date: Self.date)
        #expect(Self.values(standardPort, "Host") == ["ec2.us-east-1.amazonaws.com"])

        var explicit = Self.request(headers: ["host": "virtual.example.com"])
        signer.signHeaders(&explicit, date: Self.date)
        #expect(Self.values(explicit, "Host") == ["virtual.example.com"])
    }

    struct PayloadCase: Sendable, CustomTestStringConvertible {
        var name: String
        var service: String
        var payload: SigV4Signer.PayloadSigning
        var contentHashHeader: Bool
        /// The hash in the canonical request, and in `x-amz-content-sha256` when sent.
        var expectedHash: String
        var sendsHeader: Bool
        var testDescription: String { name }
    }

    static let bodyHash = Crypto.hex(Crypto.sha256(Data("body".utf8)))

    @Test(arguments: [
        PayloadCase(
            name: "signed, other service", service: "ec2", payload: .signed, contentHashHeader: false,
            expectedHash: bodyHash, sendsHeader: false),
        PayloadCase(
            name: "signed, header asked for", service: "ec2", payload: .signed, contentHashHeader: true,
            expectedHash: bodyHash, sendsHeader: true),
        PayloadCase(
            name: "signed, S3", service: "s3", payload: .signed, contentHashHeader: false,
            expectedHash: bodyHash, sendsHeader: true),
        PayloadCase(
            name: "unsigned, other service", service: "lambda", payload: .unsigned, contentHashHeader: false,
            expectedHash: "UNSIGNED-PAYLOAD", sendsHeader: true),
        PayloadCase(
            name: "precomputed, S3", service: "s3", payload: .precomputed("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
            contentHashHeader: false, expectedHash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", sendsHeader: true),
        PayloadCase(
            name: "precomputed, other service", service: "glacier", payload: .precomputed("abc123"),
            contentHashHeader: false, expectedHash: "abc123", sendsHeader: false),
    ])
    func payloadHashAndContentHashHeader(testCase: PayloadCase) {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: testCase.service)
        var request = Self.request("POST", body: "body")
        let steps = signer.signHeadersReportingSteps(
            &request, date: Self.date, payload: testCase.payload, contentHashHeader: testCase.contentHashHeader)
        #expect(steps.canonicalRequest.text.hasSuffix("\n" + testCase.expectedHash))
        #expect(Self.values(request, "x-amz-content-sha256") == (testCase.sendsHeader ? [testCase.expectedHash] : []))
        #expect(steps.canonicalRequest.signedHeaders.contains("x-amz-content-sha256") == testCase.sendsHeader)
    }

    @Test func aContentHashHeaderAlreadyPresentIsReplacedWithTheSignedHash() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "ec2")
        var request = Self.request("POST", headers: ["X-Amz-Content-SHA256": "stale"], body: "body")
        signer.signHeaders(&request, date: Self.date)
        #expect(Self.values(request, "x-amz-content-sha256") == [Self.bodyHash])
    }

    @Test func authorizationHeaderHasTheDocumentedShape() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "eu-west-1", service: "iam")
        var request = Self.request()
        let steps = signer.signHeadersReportingSteps(&request, date: Self.date)
        #expect(
            request.headers["Authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/iam/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=\(steps.signature)")
        #expect(steps.signature.count == 64)
    }

    /// The example key derivation in AWS's SigV4 documentation.
    @Test func signingKeyDerivationMatchesTheDocumentedExample() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "iam")
        #expect(
            Crypto.hex(signer.signingKey(date: "20120215"))
                == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
        // Second time from the cache, same key.
        #expect(
            Crypto.hex(signer.signingKey(date: "20120215"))
                == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test func signersWithDifferentSecretsDoNotShareCachedKeys() {
        var otherCredentials = Self.credentials
        otherCredentials.secretAccessKey = "another/secret/key/EXAMPLEEXAMPLEEXAMPLE"
        let first = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "iam")
        let second = SigV4Signer(credentials: otherCredentials, region: "us-east-1", service: "iam")
        #expect(first.signingKey(date: "20150830") != second.signingKey(date: "20150830"))
    }

    // MARK: Query signing

    @Test func presignedS3RequestsLeaveThePayloadUnsignedByDefault() {
        let signer = SigV4Signer(credentials: Self.temporaryCredentials, region: "eu-west-1", service: "s3")
        let (presigned, steps) = signer.presignReportingSteps(
            Self.request(endpoint: "https://bucket.s3.eu-west-1.amazonaws.com", path: "/a%20key"),
            date: Self.date, expires: 900)
        #expect(steps.canonicalRequest.text.hasSuffix("\nUNSIGNED-PAYLOAD"))
        #expect(steps.canonicalRequest.text.contains("\n/a%20key\n"))
        let query = Dictionary(presigned.query.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(query["X-Amz-Security-Token"] == "session/token+value=")
        #expect(query["X-Amz-Expires"] == "900")
        #expect(query["X-Amz-Credential"] == "ASIAEXAMPLE/20150830/eu-west-1/s3/aws4_request")
        #expect(query["X-Amz-Signature"] == steps.signature)
        #expect(presigned.url.hasPrefix("https://bucket.s3.eu-west-1.amazonaws.com/a%20key?"))
    }

    @Test func presigningAgainReplacesTheEarlierSignatureAndDropsAuthorization() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let request = Self.request(query: [("Param", "1")], headers: ["Authorization": "stale"])
        let once = signer.presign(request, date: Self.date.addingTimeInterval(-60), expires: 60)
        let twice = signer.presign(once, date: Self.date, expires: 60)
        let fresh = signer.presign(Self.request(query: [("Param", "1")]), date: Self.date, expires: 60)

        #expect(twice.query.map(\.name) == fresh.query.map(\.name))
        #expect(twice.query.map(\.value) == fresh.query.map(\.value))
        #expect(!twice.headers.contains("Authorization"))
    }

    @Test func presignRejectsAnExpiryAWSWouldRefuse() async {
        await #expect(processExitsWith: .failure) {
            let signer = SigV4Signer(
                credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret"), region: "us-east-1",
                service: "s3")
            let request = HTTPRequest(method: "GET", endpoint: URL(string: "https://example.com")!)
            _ = signer.presign(request, date: Date(), expires: 604_801)
        }
    }
}
