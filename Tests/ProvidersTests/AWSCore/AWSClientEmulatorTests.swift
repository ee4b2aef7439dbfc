import Foundation
import ResourceGraph
import Testing
import TestSupport

@testable import Providers

/// Real calls, signed and sent over HTTP to the AWS emulator with signature checking on; what
/// they did is checked independently through boto3.
@Suite(.serialized) struct AWSClientEmulatorTests {
    let server: MotoServer

    init() async throws {
        server = try await onOwnThread { try MotoServer.shared(enforceSignatures: true) }
    }

    func client(secretAccessKey: String? = nil) -> AWSClient {
        var configuration = AWSClientConfiguration(
            region: "eu-west-1",
            credentials: StaticCredentialsProvider(
                accessKeyId: server.accessKeyId, secretAccessKey: secretAccessKey ?? server.secretAccessKey),
            environment: ["AWS_ENDPOINT_URL": server.endpoint])
        configuration.maxRetries = 2
        return AWSClient(configuration: configuration)
    }

    func oracle(_ call: MotoServer.OracleCall) async throws -> MotoServer.OracleResult {
        let server = server
        return try await onOwnThread { try server.oracle(call) }
    }

    static func uniqueName(_ prefix: String) -> String {
        prefix + "-" + UUID().uuidString.prefix(8).lowercased()
    }

    func vpcIds(taggedName name: String) async throws -> [String] {
        let filter: [String: any Sendable] = ["Name": "tag:Name", "Values": [name]]
        let result = try await oracle(.init("ec2", "describe_vpcs", ["Filters": [filter]]))
        let vpcs = try #require(result.response?["Vpcs"] as? [[String: Any]])
        return vpcs.compactMap { $0["VpcId"] as? String }
    }

    static func createVpcParameters(name: String, cidr: String = "10.42.0.0/16") -> QueryParameters {
        QueryParameters {
            $0.set("CidrBlock", cidr)
            $0.setList("TagSpecification", [QueryParameters { $0.set("ResourceType", "vpc"); $0.setTags("Tag", ["Name": name]) }])
        }
    }

    @Test func ec2CreateDescribeDeleteVpc() async throws {
        let client = client()
        let name = Self.uniqueName("prov-vpc")
        let created = try await client.query(.ec2, action: "CreateVpc", parameters: Self.createVpcParameters(name: name), idempotent: false)
        let vpcId = try #require(created.string("vpc", "vpcId"))
        #expect(created.string("vpc", "cidrBlock") == "10.42.0.0/16")
        #expect(try await vpcIds(taggedName: name) == [vpcId])

        var filter = QueryParameters()
        filter.setList("Filter", [QueryParameters { $0.set("Name", "tag:Name"); $0.setList("Value", [name]) }])
        let described = try await client.query(.ec2, action: "DescribeVpcs", parameters: filter)
        #expect(described.all("vpcSet", "item").compactMap { $0.string("vpcId") } == [vpcId])

        var delete = QueryParameters()
        delete.set("VpcId", vpcId)
        _ = try await client.query(.ec2, action: "DeleteVpc", parameters: delete)
        #expect(try await vpcIds(taggedName: name).isEmpty)
    }

    @Test func ec2ErrorsAreDecoded() async throws {
        var parameters = QueryParameters()
        parameters.set("VpcId", "vpc-00000000000000000")
        let error = try await #require(throws: AWSError.self) {
            _ = try await client().query(.ec2, action: "DeleteVpc", parameters: parameters)
        }
        #expect(error.kind == .service)
        #expect(error.code == "InvalidVpcID.NotFound")
        #expect(error.status == 400)
        #expect(error.description.hasPrefix("EC2 DeleteVpc: InvalidVpcID.NotFound: "))
    }

    @Test func secretsManagerJSONCalls() async throws {
        let client = client()
        let name = Self.uniqueName("prov/secret")
        let created = try await client.json(
            .secretsManager, operation: "CreateSecret",
            body: .object([
                "Name": .string(name), "SecretString": .string("s3cr3t <&>"),
                "ClientRequestToken": .string(AWSClient.idempotencyToken()),
            ]))
        let arn = try #require(created[attribute: "ARN"]?.stringValue)
        let described = try await client.json(.secretsManager, operation: "DescribeSecret", body: .object(["SecretId": .string(arn)]))
        #expect(described[attribute: "Name"]?.stringValue == name)
        let value = try await oracle(.init("secretsmanager", "get_secret_value", ["SecretId": name]))
        #expect(value.response?["SecretString"] as? String == "s3cr3t <&>")

        _ = try await client.json(
            .secretsManager, operation: "DeleteSecret",
            body: .object(["SecretId": .string(arn), "ForceDeleteWithoutRecovery": .true]))
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.json(.secretsManager, operation: "DescribeSecret", body: .object(["SecretId": .string(arn)]))
        }
        #expect(error.code == "ResourceNotFoundException")
    }

    @Test func iamQueryCalls() async throws {
        let client = client()
        let name = Self.uniqueName("prov-role")
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        var create = QueryParameters()
        create.set("RoleName", name)
        create.set("AssumeRolePolicyDocument", policy)
        create.setTags("Tags", ["team": "platform"])
        let created = try await client.query(.iam, action: "CreateRole", parameters: create, idempotent: false)
        #expect(created.string("Role", "Arn") == "arn:aws:iam::123456789012:role/\(name)")
        let role = try await oracle(.init("iam", "get_role", ["RoleName": name]))
        #expect((role.response?["Role"] as? [String: Any])?["RoleName"] as? String == name)

        var get = QueryParameters()
        get.set("RoleName", name)
        let fetched = try await client.query(.iam, action: "GetRole", parameters: get)
        #expect(fetched.string("Role", "RoleName") == name)
        _ = try await client.query(.iam, action: "DeleteRole", parameters: get)
        let gone = try await oracle(.init("iam", "get_role", ["RoleName": name]))
        guard case .error(let code, _) = gone else {
            Issue.record("the role still exists")
            return
        }
        #expect(code == "NoSuchEntity")
    }

    @Test func stsGetCallerIdentity() async throws {
        let identity = try await client().query(.sts, action: "GetCallerIdentity")
        #expect(identity.string("Account") == "123456789012")
        #expect(identity.string("Arn")?.hasSuffix(":user/prov-test") == true)
    }

    @Test func wrongSecretKeyGivesTheSignatureErrorAndChangesNothing() async throws {
        let wrong = client(secretAccessKey: "not-the-right-secret-key-at-all")
        let name = Self.uniqueName("prov-bad-signature")
        let error = try await #require(throws: AWSError.self) {
            _ = try await wrong.query(.ec2, action: "CreateVpc", parameters: Self.createVpcParameters(name: name), idempotent: false)
        }
        // EC2 reports a wrong secret as AuthFailure, other services as SignatureDoesNotMatch.
        #expect(error.code == "AuthFailure")
        #expect(error.description.contains("— check the access key id and secret access key"), "\(error)")
        #expect(!error.description.contains("not-the-right-secret-key-at-all"))
        #expect(!error.description.contains(server.secretAccessKey))
        #expect(error.attempts == 1)
        #expect(!error.outcomeUnknown)
        #expect(try await vpcIds(taggedName: name).isEmpty)

        let secretName = Self.uniqueName("prov/bad-signature")
        let jsonError = try await #require(throws: AWSError.self) {
            _ = try await wrong.json(
                .secretsManager, operation: "CreateSecret",
                body: .object(["Name": .string(secretName), "SecretString": .string("x")]), idempotent: false)
        }
        #expect(jsonError.code == "SignatureDoesNotMatch")
        #expect(jsonError.description.contains("— check the secret access key"), "\(jsonError)")
        let lookup = try await oracle(.init("secretsmanager", "describe_secret", ["SecretId": secretName]))
        guard case .error(let code, _) = lookup else {
            Issue.record("the secret was created with a wrong signature")
            return
        }
        #expect(code == "ResourceNotFoundException")
    }
}
