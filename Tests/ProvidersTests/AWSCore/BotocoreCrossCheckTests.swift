import Foundation
import Testing

@testable import Providers

/// Signs requests shaped like every AWS protocol (query, JSON 1.0/1.1, REST-JSON, REST-XML/S3)
/// and requires the very Authorization header botocore computes for the same request.
///
/// Needs python3 with botocore; without it the test fails and says how to install it.
@Suite struct BotocoreCrossCheckTests {
    static let longLivedKeys = AWSCredentials(
        accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let temporaryKeys = AWSCredentials(
        accessKeyId: "ASIAEXAMPLETEMPKEY01", secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token=",
        expiration: Date(timeIntervalSince1970: 1_716_000_000))
    static let spring2024 = Date(timeIntervalSince1970: 1_715_933_350)  // 2024-05-17T08:09:10Z
    static let newYearsEve = Date(timeIntervalSince1970: 1_767_225_599)  // 2025-12-31T23:59:59Z

    static let s3Key = "photos/2024 summer/naïve+café ☀ (1).jpg"

    static let cases: [BotocoreReference.Request] = [
        request(
            "ec2 query POST", service: "ec2", region: "eu-west-1", method: "POST",
            endpoint: "https://ec2.eu-west-1.amazonaws.com",
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                ("User-Agent", "prov/0.1 (linux)"),
            ],
            body: "Action=RunInstances&Version=2016-11-15&ImageId=ami-0abcdef1234567890&MinCount=1&MaxCount=1"
                + "&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Value=web%20%2B%20api"),
        request(
            "sts query POST with session token", service: "sts", region: "us-east-1", method: "POST",
            endpoint: "https://sts.amazonaws.com", credentials: temporaryKeys,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: "Action=GetCallerIdentity&Version=2011-06-15"),
        request(
            "json 1.1 POST", service: "logs", region: "eu-west-1", method: "POST",
            endpoint: "https://logs.eu-west-1.amazonaws.com",
            headers: [
                ("X-Amz-Target", "Logs_20140328.CreateLogGroup"),
                ("Content-Type", "application/x-amz-json-1.1"),
            ],
            body: #"{"logGroupName":"/prov/app","tags":{"team":"платформа"}}"#),
        request(
            "json 1.0 POST with session token", service: "dynamodb", region: "us-east-1", method: "POST",
            endpoint: "https://dynamodb.us-east-1.amazonaws.com", credentials: temporaryKeys, date: newYearsEve,
            headers: [
                ("X-Amz-Target", "DynamoDB_20120810.DescribeTable"),
                ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"),
            ],
            body: #"{"TableName":"prov-locks"}"#),
        request(
            "rest-json GET with escaped label and query", service: "lambda", region: "eu-west-1", method: "GET",
            endpoint: "https://lambda.eu-west-1.amazonaws.com",
            path: "/2015-03-31/functions/"
                + AWSURIEncoding.encode("arn:aws:lambda:eu-west-1:123456789012:function:my fn") + "/configuration",
            query: [("Qualifier", "$LATEST"), ("Marker", "a/b+c=d")],
            headers: [("X-Custom", "first"), ("x-custom", "  second   value "), ("Accept", "application/json")]),
        request(
            "rest-json POST with unsigned payload", service: "lambda", region: "eu-west-1", method: "POST",
            endpoint: "https://lambda.eu-west-1.amazonaws.com", path: "/2015-03-31/functions",
            headers: [("Content-Type", "application/json")],
            body: #"{"FunctionName":"prov-fn","Runtime":"provided.al2023"}"#, unsignedPayload: true),
        request(
            "rest-xml S3 PUT of an awkward key", service: "s3", region: "eu-west-1", method: "PUT",
            endpoint: "https://prov-bucket.s3.eu-west-1.amazonaws.com",
            path: "/" + AWSURIEncoding.encode(s3Key, keepSlash: true),
            headers: [
                ("Content-Type", "image/jpeg"),
                ("Content-MD5", Crypto.base64(Crypto.md5(Data("not really a jpeg".utf8)))),
                ("x-amz-meta-owner", "  Jane\t  Doe "),
                ("Expect", "100-continue"),
            ],
            body: "not really a jpeg"),
        request(
            "rest-xml S3 GET of an awkward key with query", service: "s3", region: "eu-west-1", method: "GET",
            endpoint: "https://prov-bucket.s3.eu-west-1.amazonaws.com",
            path: "/" + AWSURIEncoding.encode(s3Key, keepSlash: true),
            query: [("versionId", "3/L4kqtJl40Nr8X8gdRQBpUMLUo"),
                    ("response-content-disposition", #"attachment; filename="a b+c.jpg""#)]),
        request(
            "rest-xml S3 PUT unsigned with session token", service: "s3", region: "us-west-2", method: "PUT",
            endpoint: "https://s3.us-west-2.amazonaws.com", credentials: temporaryKeys, date: newYearsEve,
            path: "/prov-bucket/" + AWSURIEncoding.encode("state/env=prod/terraform.tfstate", keepSlash: true),
            headers: [("Content-Type", "application/octet-stream"), ("Content-Length", "7")],
            body: "{state}", unsignedPayload: true),
        request(
            "rest-xml S3 path-style key with dot segments and double slashes", service: "s3", region: "eu-west-1",
            method: "GET", endpoint: "https://s3.eu-west-1.amazonaws.com",
            path: "/prov-bucket/" + AWSURIEncoding.encode("a//b/../c/./d", keepSlash: true)),
        request(
            "query POST to a local emulator port", service: "ec2", region: "us-east-1", method: "POST",
            endpoint: "http://127.0.0.1:4566",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: "Action=DescribeVpcs&Version=2016-11-15"),
        request(
            "rest-json path needing normalisation", service: "apigateway", region: "eu-west-1", method: "GET",
            endpoint: "https://apigateway.eu-west-1.amazonaws.com", path: "/restapis//a1b2c3/./stages/../stages/",
            query: [("limit", "25"), ("position", "")]),
    ]

    static func request(
        _ name: String, service: String, region: String, method: String, endpoint: String,
        credentials: AWSCredentials = longLivedKeys, date: Date = spring2024, path: String = "/",
        query: [(String, String)] = [], headers: [(String, String)] = [], body: String = "",
        unsignedPayload: Bool = false
    ) -> BotocoreReference.Request {
        var httpHeaders = HTTPHeaders()
        for (headerName, value) in headers { httpHeaders.add(headerName, value) }
        let httpRequest = HTTPRequest(
            method: method, endpoint: URL(string: endpoint)!, path: path,
            query: query.map { (name: $0.0, value: $0.1) }, headers: httpHeaders, body: Data(body.utf8))
        return BotocoreReference.Request(
            name: name, request: httpRequest, credentials: credentials, region: region, service: service,
            date: date, unsignedPayload: unsignedPayload)
    }

    /// One run of the script for all cases, shared by the parameterised test below.
    static let botocoreSignatures = Result { try BotocoreReference.sign(cases) }

    @Test(arguments: cases.map(\.name))
    func authorizationMatchesBotocore(caseName: String) throws {
        let item = try #require(Self.cases.first { $0.name == caseName })
        let theirs = try #require(try Self.botocoreSignatures.get()[caseName], "botocore returned nothing for \(caseName)")

        let signer = SigV4Signer(credentials: item.credentials, region: item.region, service: item.service)
        var request = item.request
        let steps = signer.signHeadersReportingSteps(
            &request, date: item.date, payload: item.unsignedPayload ? .unsigned : .signed)

        #expect(
            request.headers["Authorization"] == theirs.authorization,
            "Canonical requests differ?\n--- ours\n\(steps.canonicalRequest.text)\n--- botocore\n\(theirs.canonicalRequest)")
        #expect(steps.canonicalRequest.text == theirs.canonicalRequest)
    }
}
