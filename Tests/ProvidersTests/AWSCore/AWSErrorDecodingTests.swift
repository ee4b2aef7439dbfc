import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// Error answers of every protocol, shaped like the services' real ones, read into `AWSError`.
struct AWSErrorDecodingTests {
    enum Call: Sendable {
        case query(AWSService, String)
        case json(AWSService, String)
        case rest(AWSService, String, method: String)
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var name: String
        var call: Call
        var status: Int
        var headers: HTTPHeaders = [:]
        var body: String
        var code: String
        var message: String
        var requestId: String?
        /// The whole description, when the case pins it down.
        var description: String?
        /// A piece of the hint the description must carry.
        var hint: String?
        var testDescription: String { name }
    }

    static let cases: [ErrorCase] = [
        ErrorCase(
            name: "ec2 Response/Errors/Error", call: .query(.ec2, "CreateVpc"), status: 400,
            body: """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response><Errors><Error><Code>InvalidParameterValue</Code><Message>Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block.</Message></Error></Errors><RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></Response>
                """,
            code: "InvalidParameterValue",
            message: "Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block.",
            requestId: "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE",
            description: "EC2 CreateVpc: InvalidParameterValue: Value (10.0.0.0/33) for parameter cidrBlock is invalid. "
                + "This is not a valid CIDR block. (status 400, request id 7a62c49f-347e-4fc4-9331-6e8eEXAMPLE)"),
        ErrorCase(
            name: "ec2 AuthFailure", call: .query(.ec2, "DescribeVpcs"), status: 401,
            body: "<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors><RequestID>r-1</RequestID></Response>",
            code: "AuthFailure", message: "AWS was not able to validate the provided access credentials",
            requestId: "r-1", hint: "check the access key id and secret access key"),
        ErrorCase(
            name: "query ErrorResponse", call: .query(.iam, "GetRole"), status: 404,
            body: """
                <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <Error>
                    <Type>Sender</Type>
                    <Code>NoSuchEntity</Code>
                    <Message>The role with name prov-role cannot be found.</Message>
                  </Error>
                  <RequestId>4b3c1f53-2a0d-4d5c-9a0e-EXAMPLE</RequestId>
                </ErrorResponse>
                """,
            code: "NoSuchEntity", message: "The role with name prov-role cannot be found.",
            requestId: "4b3c1f53-2a0d-4d5c-9a0e-EXAMPLE",
            description: "IAM GetRole: NoSuchEntity: The role with name prov-role cannot be found. "
                + "(status 404, request id 4b3c1f53-2a0d-4d5c-9a0e-EXAMPLE)"),
        ErrorCase(
            name: "query signature mismatch", call: .query(.sts, "GetCallerIdentity"), status: 403,
            body: "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.</Message></Error><RequestId>r-2</RequestId></ErrorResponse>",
            code: "SignatureDoesNotMatch",
            message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            requestId: "r-2", hint: "check the secret access key"),
        ErrorCase(
            name: "query expired token", call: .query(.rds, "DescribeDBInstances"), status: 403,
            body: "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>r-3</RequestId></ErrorResponse>",
            code: "ExpiredToken", message: "The security token included in the request is expired", requestId: "r-3",
            hint: "have expired"),
        ErrorCase(
            name: "S3 Error document", call: .rest(.s3, "GetBucketPolicy", method: "GET"), status: 404,
            body: """
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>prov-missing</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>fO3yQ8kXlAbCd==</HostId></Error>
                """,
            code: "NoSuchBucket", message: "The specified bucket does not exist", requestId: "4442587FB7D0A2F9",
            description: "S3 GetBucketPolicy: NoSuchBucket: The specified bucket does not exist (status 404, request id 4442587FB7D0A2F9)"),
        ErrorCase(
            name: "S3 signature mismatch keeps the string to sign out", call: .rest(.s3, "PutObject", method: "PUT"),
            status: 403,
            body: "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>AKIDPROVUNITTEST0001</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n20240517T080910Z\n20240517/eu-west-1/s3/aws4_request\nd7f1a6</StringToSign><SignatureProvided>0123456789abcdef0123456789abcdef</SignatureProvided><CanonicalRequest>PUT\n/key\n</CanonicalRequest><RequestId>S3REQ</RequestId></Error>",
            code: "SignatureDoesNotMatch",
            message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            requestId: "S3REQ", hint: "check the secret access key"),
        ErrorCase(
            name: "S3 HEAD without a body", call: .rest(.s3, "HeadBucket", method: "HEAD"), status: 404,
            headers: ["x-amz-request-id": "HEADREQ"], body: "",
            code: "NotFound", message: "HTTP 404 with an empty body", requestId: "HEADREQ",
            description: "S3 HeadBucket: NotFound: HTTP 404 with an empty body (status 404, request id HEADREQ)"),
        ErrorCase(
            name: "Route 53 ErrorResponse", call: .rest(.route53, "GetHostedZone", method: "GET"), status: 404,
            body: #"<?xml version="1.0"?><ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z123</Message></Error><RequestId>r53-1</RequestId></ErrorResponse>"#,
            code: "NoSuchHostedZone", message: "No hosted zone found with ID: Z123", requestId: "r53-1"),
        ErrorCase(
            name: "json __type", call: .json(.secretsManager, "DescribeSecret"), status: 400,
            headers: ["x-amzn-RequestId": "sm-1"],
            body: #"{"__type":"ResourceNotFoundException","Message":"Secrets Manager can't find the specified secret."}"#,
            code: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret.",
            requestId: "sm-1",
            description: "Secrets Manager DescribeSecret: ResourceNotFoundException: Secrets Manager can't find the specified secret. (status 400, request id sm-1)"),
        ErrorCase(
            name: "json __type with a namespace", call: .json(.dynamoDB, "PutItem"), status: 400,
            body: #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#,
            code: "ConditionalCheckFailedException", message: "The conditional request failed"),
        ErrorCase(
            name: "json error type header with a URL suffix", call: .json(.ecs, "CreateCluster"), status: 400,
            headers: ["x-amzn-ErrorType": "ClientException:http://internal.amazon.com/coral/com.amazon.coral.validate/"],
            body: #"{"message":"Cluster name is invalid"}"#,
            code: "ClientException", message: "Cluster name is invalid"),
        ErrorCase(
            name: "json query-compatible error code", call: .json(.cloudWatch, "DescribeAlarms"), status: 400,
            headers: ["x-amzn-query-error": "InvalidNextToken;Sender"],
            body: #"{"__type":"com.amazonaws.cloudwatch#InvalidNextTokenException","message":"The next token is invalid"}"#,
            code: "InvalidNextToken", message: "The next token is invalid"),
        ErrorCase(
            name: "json unknown access key", call: .json(.cloudWatchLogs, "CreateLogGroup"), status: 400,
            body: #"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#,
            code: "UnrecognizedClientException", message: "The security token included in the request is invalid.",
            hint: "check the access key id"),
        ErrorCase(
            name: "json expired signature means a wrong clock", call: .json(.eventBridge, "PutRule"), status: 400,
            body: #"{"__type":"InvalidSignatureException","message":"Signature expired: 20240517T080910Z is now earlier than 20240517T081410Z (20240517T082910Z - 15 min.)"}"#,
            code: "InvalidSignatureException",
            message: "Signature expired: 20240517T080910Z is now earlier than 20240517T081410Z (20240517T082910Z - 15 min.)",
            hint: "check the system clock"),
        ErrorCase(
            name: "rest-json error type header and Type body", call: .rest(.lambda, "GetFunction", method: "GET"),
            status: 404, headers: ["x-amzn-ErrorType": "ResourceNotFoundException", "x-amzn-RequestId": "l-1"],
            body: #"{"Type":"User","Message":"Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nope"}"#,
            code: "ResourceNotFoundException",
            message: "Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nope", requestId: "l-1"),
        ErrorCase(
            name: "rest-json ErrorCode body", call: .rest(.efs, "DescribeFileSystems", method: "GET"), status: 404,
            body: #"{"ErrorCode":"FileSystemNotFound","Message":"File system 'fs-1' does not exist."}"#,
            code: "FileSystemNotFound", message: "File system 'fs-1' does not exist."),
        ErrorCase(
            name: "an XML error from a json service", call: .json(.secretsManager, "ListSecrets"), status: 403,
            body: "<ErrorResponse><Error><Code>AccessDenied</Code><Message>Blocked by the proxy</Message></Error></ErrorResponse>",
            code: "AccessDenied", message: "Blocked by the proxy"),
        ErrorCase(
            name: "ErrorResponse with an Errors wrapper, as the emulator sends",
            call: .json(.secretsManager, "CreateSecret"), status: 403,
            headers: ["Content-Type": "text/html; charset=utf-8", "x-amzn-requestid": "emu-1"],
            body: #"<?xml version="1.0" encoding="utf-8"?>"# + "\n"
                + "<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>",
            code: "SignatureDoesNotMatch",
            message: "The request signature we calculated does not match the signature you provided.",
            requestId: "emu-1", hint: "check the secret access key"),
        ErrorCase(
            name: "an HTML page from a proxy", call: .query(.ec2, "DescribeVpcs"), status: 403,
            headers: ["Content-Type": "text/html"], body: "<html><body><h1>403 Forbidden</h1></body></html>",
            code: "Forbidden",
            message: "HTTP 403 with a text/html body of 48 bytes that is not an AWS error document",
            description: "EC2 DescribeVpcs: Forbidden: HTTP 403 with a text/html body of 48 bytes that is not an AWS error document (status 403)"),
        ErrorCase(
            name: "plain text from an emulator", call: .json(.ecr, "CreateRepository"), status: 400,
            headers: ["Content-Type": "text/plain"], body: "Repository name\nis required",
            code: "BadRequest", message: "HTTP 400: Repository name is required"),
    ]

    /// What the failing request carried that must not leak into the error: a secret in the
    /// body, and the signature.
    static let secretInBody = "hunter2-do-not-print"

    @Test(arguments: cases)
    func decodesTheErrorAnswer(_ testCase: ErrorCase) async throws {
        let transport = RecordingTransport([.answer(testCase.status, testCase.body, headers: testCase.headers)])
        let client = AWSClient.forTesting(transport: transport, maxRetries: 0)
        let error = try await #require(throws: AWSError.self) {
            try await Self.perform(testCase.call, on: client)
        }
        #expect(error.kind == .service)
        #expect(error.status == testCase.status)
        #expect(error.code == testCase.code)
        #expect(error.message == testCase.message)
        #expect(error.requestId == testCase.requestId)
        #expect(error.attempts == 1)
        if let description = testCase.description { #expect(error.description == description) }
        if let hint = testCase.hint {
            let hintText = try #require(error.description.components(separatedBy: " — ").last)
            #expect(hintText.contains(hint))
            #expect(error.isAuthenticationFailure || error.code == "InvalidSignatureException")
        }

        let signature = try #require(transport.lastRequest?.headers["Authorization"]?.components(separatedBy: "Signature=").last)
        for secret in [TestKeys.secretAccessKey, signature, Self.secretInBody, "StringToSign", "SignatureProvided"] {
            #expect(!error.description.contains(secret))
            #expect(!String(describing: error).contains(secret))
            #expect(!String(reflecting: error).contains(secret))
        }
    }

    static func perform(_ call: Call, on client: AWSClient) async throws {
        switch call {
        case let .query(service, action):
            var parameters = QueryParameters()
            parameters.set("Secret", secretInBody)
            _ = try await client.query(service, action: action, parameters: parameters)
        case let .json(service, operation):
            _ = try await client.json(service, operation: operation, body: .object(["SecretString": .string(secretInBody)]))
        case let .rest(service, operation, method):
            let body: RESTBody = method == "GET" || method == "HEAD" ? .none : .json(.object(["x": .string(secretInBody)]))
            _ = try await client.rest(service, operation: operation, method: method, path: "/resource", body: body)
        }
    }

    @Test func s3ErrorInsideA200IsAnError() async throws {
        let transport = RecordingTransport(
            body: "\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>cmu-1</RequestId></Error>")
        let client = AWSClient.forTesting(transport: transport, maxRetries: 0)
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.rest(.s3, operation: "CompleteMultipartUpload", method: "POST", path: "/b/k", idempotent: true)
        }
        #expect(error.status == 200)
        #expect(error.code == "InternalError")
        #expect(error.requestId == "cmu-1")
    }

    @Test func sanitisesErrorCodes() {
        #expect(AWSErrorResponse.sanitize("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/") == "FooError")
        #expect(AWSErrorResponse.sanitize("FooError") == "FooError")
        #expect(AWSErrorResponse.sanitize("a#b#FooError") == "FooError")
        #expect(AWSErrorResponse.sanitize(" FooError:") == "FooError")
    }

    @Test func credentialFailuresNameTheCallAndWhereCredentialsWereSought() async throws {
        let transport = RecordingTransport(body: "")
        let chain = AWSCredentialsProviderChain([
            StaticCredentialsProvider(accessKeyId: nil, secretAccessKey: nil),
            EnvironmentCredentialsProvider(environment: [:]),
        ])
        let client = AWSClient.forTesting(transport: transport, credentials: chain)
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.query(.ec2, action: "DescribeVpcs")
        }
        #expect(error.kind == .credentials)
        #expect(error.description.hasPrefix("EC2 DescribeVpcs: no AWS credentials found. Looked in:"))
        #expect(error.description.contains("the provider configuration (access_key, secret_key): not set"))
        #expect(error.description.contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set"))
        #expect(transport.requests.isEmpty)
    }

    @Test func configurationFailuresAreReportedWithoutSending() async throws {
        let transport = RecordingTransport(body: "")
        let client = AWSClient.forTesting(transport: transport, endpointOverrides: ["sts": "not a url"])
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.query(.sts, action: "GetCallerIdentity")
        }
        #expect(error.kind == .configuration)
        #expect(error.description == "STS GetCallerIdentity: the endpoint 'not a url' from endpoints.sts in the provider configuration is not a URL of the form https://host[:port][/path]")
        #expect(transport.requests.isEmpty)
    }
}
