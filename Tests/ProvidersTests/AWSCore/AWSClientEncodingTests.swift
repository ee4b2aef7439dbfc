import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// What the client puts on the wire for each protocol, and what it makes of the answers. The
/// transport is an in-process recorder; the bodies are those of botocore for the same input.
struct AWSClientEncodingTests {
    static let signingTime = "20240517T080910Z"

    /// The header names and values sent, with the signature itself cut off (the signer's own
    /// tests check signatures against published vectors and botocore).
    static func headers(_ request: HTTPRequest) -> [String] {
        request.headers.fields.map { field in
            if field.name == "Authorization", let range = field.value.range(of: ", Signature=") {
                return "Authorization: " + field.value[..<range.lowerBound] + ", Signature=…"
            }
            return "\(field.name): \(field.value)"
        }
    }

    @Test func ec2QueryRequest() async throws {
        let transport = RecordingTransport(body: "<DescribeVpcsResponse><requestId>r</requestId><vpcSet/></DescribeVpcsResponse>")
        let client = AWSClient.forTesting(transport: transport)
        var parameters = QueryParameters()
        parameters.setList("Filter", [QueryParameters { $0.set("Name", "tag:Name"); $0.setList("Value", ["prov test"]) }])
        parameters.setList("VpcId", ["vpc-1"])
        let result = try await client.query(.ec2, action: "DescribeVpcs", parameters: parameters)

        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url == "https://ec2.eu-west-1.amazonaws.com/")
        #expect(request.bodyText == "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=prov+test&VpcId.1=vpc-1")
        #expect(Self.headers(request) == [
            "Content-Type: application/x-www-form-urlencoded; charset=utf-8",
            "User-Agent: prov/\(AWSClientConfiguration.provVersion)",
            "Host: ec2.eu-west-1.amazonaws.com",
            "X-Amz-Date: \(Self.signingTime)",
            "Authorization: AWS4-HMAC-SHA256 Credential=\(TestKeys.accessKeyId)/20240517/eu-west-1/ec2/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=…",
        ])
        #expect(result.name == "DescribeVpcsResponse")
        #expect(result.string("requestId") == "r")
    }

    @Test func iamQueryRequestSignsForTheGlobalRegionAndUnwrapsTheResult() async throws {
        let transport = RecordingTransport(body: """
            <CreateRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <CreateRoleResult><Role><RoleName>prov-role</RoleName><Arn>arn:aws:iam::123456789012:role/prov-role</Arn></Role></CreateRoleResult>
              <ResponseMetadata><RequestId>4a93ceee</RequestId></ResponseMetadata>
            </CreateRoleResponse>
            """)
        let client = AWSClient.forTesting(transport: transport)
        var parameters = QueryParameters()
        parameters.set("RoleName", "prov-role")
        parameters.set("AssumeRolePolicyDocument", #"{"Version":"2012-10-17","Statement":[]}"#)
        parameters.set("Path", "/")
        parameters.setTags("Tags", ["team": "platform"])
        let result = try await client.query(.iam, action: "CreateRole", parameters: parameters, idempotent: false)

        let request = try #require(transport.lastRequest)
        #expect(request.url == "https://iam.amazonaws.com/")
        #expect(request.bodyText == "Action=CreateRole&Version=2010-05-08&RoleName=prov-role"
            + "&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"
            + "&Path=%2F&Tags.member.1.Key=team&Tags.member.1.Value=platform")
        #expect(request.headers["Authorization"]?.contains("/20240517/us-east-1/iam/aws4_request") == true)
        #expect(result.name == "CreateRoleResult")
        #expect(result.string("Role", "Arn") == "arn:aws:iam::123456789012:role/prov-role")
    }

    @Test func jsonRequest() async throws {
        let transport = RecordingTransport(body: #"{"ARN":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prov/db-AbCdEf","Name":"prov/db","VersionId":"v1"}"#)
        let client = AWSClient.forTesting(transport: transport)
        let body = Value.object([
            "Name": .string("prov/db"),
            "SecretString": .string("s3cr3t"),
            "Description": .string("db <password>"),
            "Tags": .tuple([.object(["Key": .string("a"), "Value": .string("b")])]),
        ])
        let result = try await client.json(.secretsManager, operation: "CreateSecret", body: body, idempotent: false)

        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url == "https://secretsmanager.eu-west-1.amazonaws.com/")
        // botocore sends the same members in model order; keys sorted and `<` escaped is the
        // same JSON.
        #expect(request.bodyText == #"{"Description":"db \u003cpassword\u003e","Name":"prov/db","SecretString":"s3cr3t","Tags":[{"Key":"a","Value":"b"}]}"#)
        #expect(Self.headers(request) == [
            "Content-Type: application/x-amz-json-1.1",
            "X-Amz-Target: secretsmanager.CreateSecret",
            "User-Agent: prov/\(AWSClientConfiguration.provVersion)",
            "Host: secretsmanager.eu-west-1.amazonaws.com",
            "X-Amz-Date: \(Self.signingTime)",
            "Authorization: AWS4-HMAC-SHA256 Credential=\(TestKeys.accessKeyId)/20240517/eu-west-1/secretsmanager/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=…",
        ])
        #expect(result[attribute: "VersionId"]?.stringValue == "v1")
    }

    @Test func jsonOneZeroAndAnEmptyAnswer() async throws {
        let transport = RecordingTransport(body: "")
        let client = AWSClient.forTesting(transport: transport)
        let result = try await client.json(.dynamoDB, operation: "DescribeLimits")
        let request = try #require(transport.lastRequest)
        #expect(request.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(request.headers["X-Amz-Target"] == "DynamoDB_20120810.DescribeLimits")
        #expect(request.bodyText == "{}")
        #expect(result == .emptyObject)
    }

    @Test func restJSONGetWithEncodedLabelAndQuery() async throws {
        let transport = RecordingTransport(body: #"{"FunctionName":"my-fn","State":"Active","MemorySize":128}"#)
        let client = AWSClient.forTesting(transport: transport)
        let arn = "arn:aws:lambda:eu-west-1:123456789012:function:my-fn"
        let response = try await client.rest(
            .lambda, operation: "GetFunctionConfiguration", method: "GET",
            path: "/2015-03-31/functions/" + AWSURIEncoding.encode(arn) + "/configuration",
            query: [("Qualifier", "$LATEST")])

        let request = try #require(transport.lastRequest)
        #expect(request.method == "GET")
        #expect(request.url == "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/"
            + "arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Amy-fn/configuration?Qualifier=%24LATEST")
        #expect(request.body.isEmpty)
        #expect(request.headers["Content-Type"] == nil)
        #expect(request.headers["Authorization"]?.contains("/eu-west-1/lambda/aws4_request") == true)
        let json = try response.json()
        #expect(json[attribute: "State"]?.stringValue == "Active")
        #expect(json[attribute: "MemorySize"]?.numberValue == Number(128))
    }

    @Test func restJSONPostWithBody() async throws {
        let transport = RecordingTransport(status: 204, body: "")
        let client = AWSClient.forTesting(transport: transport)
        let arn = "arn:aws:lambda:eu-west-1:123456789012:function:my-fn"
        let response = try await client.rest(
            .lambda, operation: "TagResource", method: "POST", path: "/2017-03-31/tags/" + AWSURIEncoding.encode(arn),
            body: .json(.object(["Tags": .object(["team": .string("platform")])])))
        let request = try #require(transport.lastRequest)
        #expect(request.path == "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Amy-fn")
        #expect(request.bodyText == #"{"Tags":{"team":"platform"}}"#)
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(response.status == 204)
        #expect(try response.json() == .emptyObject)
    }

    @Test func restXMLPostToAGlobalService() async throws {
        let transport = RecordingTransport(body: """
            <?xml version="1.0"?>
            <ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
              <ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>PENDING</Status></ChangeInfo>
            </ChangeResourceRecordSetsResponse>
            """)
        let client = AWSClient.forTesting(transport: transport)
        let document = XMLNode.element(
            "ChangeResourceRecordSetsRequest", attributes: ["xmlns": "https://route53.amazonaws.com/doc/2013-04-01/"],
            [
                .element("ChangeBatch", [
                    .element("Changes", [
                        .element("Change", [
                            .leaf("Action", "UPSERT"),
                            .element("ResourceRecordSet", [
                                .leaf("Name", "www.example.com"), .leaf("Type", "A"), .leaf("TTL", "300"),
                                .element("ResourceRecords", [.element("ResourceRecord", [.leaf("Value", "192.0.2.1")])]),
                            ]),
                        ])
                    ])
                ])
            ])
        let response = try await client.rest(
            .route53, operation: "ChangeResourceRecordSets", method: "POST", path: "/2013-04-01/hostedzone/Z123/rrset/",
            body: .xml(document.xmlString))

        let request = try #require(transport.lastRequest)
        #expect(request.url == "https://route53.amazonaws.com/2013-04-01/hostedzone/Z123/rrset/")
        #expect(request.bodyText == #"<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">"#
            + "<ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>www.example.com</Name>"
            + "<Type>A</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord>"
            + "</ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>")
        #expect(request.headers["Content-Type"] == "application/xml")
        #expect(request.headers["Authorization"]?.contains("/20240517/us-east-1/route53/aws4_request") == true)
        #expect(try response.xml().string("ChangeInfo", "Status") == "PENDING")
    }

    @Test func restXMLVirtualHostedS3AddsTheContentHash() async throws {
        let transport = RecordingTransport(status: 200, body: "")
        let client = AWSClient.forTesting(transport: transport)
        _ = try await client.rest(
            .s3, operation: "PutObject", method: "PUT", path: "/" + AWSURIEncoding.encode("dir/a b.txt", keepSlash: true),
            body: .bytes(Data("hello".utf8), contentType: "text/plain"), hostPrefix: "my-bucket.")
        let request = try #require(transport.lastRequest)
        #expect(request.url == "https://my-bucket.s3.eu-west-1.amazonaws.com/dir/a%20b.txt")
        #expect(request.headers["Host"] == "my-bucket.s3.eu-west-1.amazonaws.com")
        #expect(request.headers["x-amz-content-sha256"] == Crypto.hex(Crypto.sha256(Data("hello".utf8))))
        #expect(request.headers["Content-Type"] == "text/plain")
    }

    @Test func customEndpointWithBasePathIsSignedWithItsPath() async throws {
        let transport = RecordingTransport(body: "<DescribeVpcsResponse/>")
        let client = AWSClient.forTesting(
            transport: transport, endpointOverrides: ["ec2": "https://gateway.example:8443/aws/ec2"])
        _ = try await client.query(.ec2, action: "DescribeVpcs")
        let request = try #require(transport.lastRequest)
        #expect(request.url == "https://gateway.example:8443/aws/ec2/")
        #expect(request.path == "/aws/ec2/")
        #expect(request.headers["Host"] == "gateway.example:8443")
    }

    @Test func sessionTokenIsSentAndSigned() async throws {
        let transport = RecordingTransport(body: "<GetCallerIdentityResponse/>")
        let temporary = StaticCredentialsProvider(
            accessKeyId: "ASIATEMPORARY", secretAccessKey: "temporary-secret", sessionToken: "the-session-token")
        let client = AWSClient.forTesting(transport: transport, credentials: temporary)
        _ = try await client.query(.sts, action: "GetCallerIdentity")
        let request = try #require(transport.lastRequest)
        #expect(request.headers["X-Amz-Security-Token"] == "the-session-token")
        #expect(request.headers["Authorization"]?.contains("x-amz-security-token") == true)
    }

    @Test func eachAttemptIsSignedAgainAtItsOwnTime() async throws {
        let transport = RecordingTransport([
            .answer(503, "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>"),
            .answer(200, "<DescribeLoadBalancersResponse/>"),
        ])
        let clock = VirtualClock()
        let client = AWSClient.forTesting(
            transport: transport, clock: clock, configure: { $0.retryPolicy.baseDelay = .seconds(5) })
        clock.advance(by: .seconds(3599))
        _ = try await client.query(.elbv2, action: "DescribeLoadBalancers")
        // The retry waits just under five seconds (the jitter is fixed near its maximum).
        #expect(transport.requests.map { $0.headers["X-Amz-Date"] } == ["20240517T090909Z", "20240517T090913Z"])
        #expect(transport.requests.allSatisfy { $0.headers.fields.filter { $0.name == "Authorization" }.count == 1 })
    }

    @Test func unreadableSuccessBodyIsAMalformedResponseError() async throws {
        let transport = RecordingTransport(headers: ["x-amzn-RequestId": "req-9"], body: "<DescribeVpcsResponse>")
        let client = AWSClient.forTesting(transport: transport)
        await #expect {
            _ = try await client.query(.ec2, action: "DescribeVpcs")
        } throws: { error in
            guard let error = error as? AWSError else { return false }
            return error.kind == .malformedResponse && error.requestId == "req-9"
                && error.description.hasPrefix("EC2 DescribeVpcs: the response (status 200) could not be read: malformed XML")
        }
    }

    @Test func callingAServiceInAProtocolItDoesNotSpeakIsRefusedWithoutSending() async throws {
        let transport = RecordingTransport(body: "")
        let client = AWSClient.forTesting(transport: transport)
        await #expect(throws: AWSError.self) { _ = try await client.json(.ec2, operation: "DescribeVpcs") }
        await #expect(throws: AWSError.self) { _ = try await client.query(.lambda, action: "ListFunctions") }
        await #expect(throws: AWSError.self) {
            _ = try await client.rest(.iam, operation: "ListRoles", method: "GET", path: "/")
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func cloudWatchCanBeCalledOverJSONToo() async throws {
        let transport = RecordingTransport(body: #"{"MetricAlarms":[]}"#)
        let client = AWSClient.forTesting(transport: transport)
        _ = try await client.json(.cloudWatch, operation: "DescribeAlarms")
        let request = try #require(transport.lastRequest)
        #expect(request.headers["X-Amz-Target"] == "GraniteServiceVersion20100801.DescribeAlarms")
        #expect(request.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(request.headers["Authorization"]?.contains("/monitoring/aws4_request") == true)
    }
}
