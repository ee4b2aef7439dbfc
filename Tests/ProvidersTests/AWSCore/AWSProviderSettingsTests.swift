import Foundation
import Testing
import TestSupport

@testable import Providers

/// From the provider block, the environment and the shared files to a client configuration:
/// which region, which credentials, in which order.
struct AWSProviderSettingsTests {
    /// The environment of a machine that is not on EC2 or in a container, with a home of its own.
    static func environment(_ home: TemporaryHome, _ extra: [String: String] = [:]) -> [String: String] {
        home.environment.merging(["AWS_EC2_METADATA_DISABLED": "true"]) { $1 }.merging(extra) { $1 }
    }

    struct RegionCase: CustomTestStringConvertible, Sendable {
        var name: String
        var settings: String?
        var environment: [String: String] = [:]
        var profile: String?
        var region: String
        var testDescription: String { name }
    }

    static let regionCases: [RegionCase] = [
        RegionCase(
            name: "provider block first", settings: "eu-west-1",
            environment: ["AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-2"], region: "eu-west-1"),
        RegionCase(
            name: "then AWS_REGION", environment: ["AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-2"],
            region: "us-east-1"),
        RegionCase(name: "then AWS_DEFAULT_REGION", environment: ["AWS_DEFAULT_REGION": "us-east-2"], region: "us-east-2"),
        RegionCase(name: "then the default profile", region: "ap-south-1"),
        RegionCase(name: "of the chosen profile", profile: "tokyo", region: "ap-northeast-1"),
        RegionCase(name: "of the profile in AWS_PROFILE", environment: ["AWS_PROFILE": "tokyo"], region: "ap-northeast-1"),
    ]

    @Test(arguments: regionCases)
    func resolvesTheRegion(_ testCase: RegionCase) throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", "[default]\nregion = ap-south-1\n[profile tokyo]\nregion = ap-northeast-1\n")
        let settings = AWSProviderSettings(region: testCase.settings, profile: testCase.profile)
        let configuration = try AWSClientConfiguration(settings: settings, environment: Self.environment(home, testCase.environment))
        #expect(configuration.region == testCase.region)
    }

    @Test func saysWhereToSetAMissingRegion() throws {
        let home = try TemporaryHome()
        #expect(throws: AWSConfigurationError(
            "no AWS region is configured: set region in the provider block, the AWS_REGION environment variable, "
                + "or region in profile default in \(home.path)/.aws/config and \(home.path)/.aws/credentials")) {
            _ = try AWSClientConfiguration(settings: AWSProviderSettings(), environment: Self.environment(home))
        }
    }

    struct SourceCase: CustomTestStringConvertible, Sendable {
        var name: String
        var settings: AWSProviderSettings
        var environment: [String: String] = [:]
        var accessKeyId: String
        var testDescription: String { name }
    }

    static let environmentKeys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]

    static let sourceCases: [SourceCase] = [
        SourceCase(
            name: "provider block keys beat the environment",
            settings: AWSProviderSettings(region: "eu-west-1", accessKey: "AKIDBLOCK", secretKey: "block-secret"),
            environment: environmentKeys, accessKeyId: "AKIDBLOCK"),
        SourceCase(
            name: "environment beats the default profile", settings: AWSProviderSettings(region: "eu-west-1"),
            environment: environmentKeys, accessKeyId: "AKIDENV"),
        SourceCase(
            name: "AWS_PROFILE does not beat environment keys", settings: AWSProviderSettings(region: "eu-west-1"),
            environment: environmentKeys.merging(["AWS_PROFILE": "named"]) { $1 }, accessKeyId: "AKIDENV"),
        SourceCase(
            name: "a profile named in the provider block beats environment keys",
            settings: AWSProviderSettings(region: "eu-west-1", profile: "named"), environment: environmentKeys,
            accessKeyId: "AKIDNAMED"),
        SourceCase(
            name: "the default profile when nothing else is set", settings: AWSProviderSettings(region: "eu-west-1"),
            accessKeyId: "AKIDDEFAULT"),
        SourceCase(
            name: "AWS_PROFILE picks the profile", settings: AWSProviderSettings(region: "eu-west-1"),
            environment: ["AWS_PROFILE": "named"], accessKeyId: "AKIDNAMED"),
    ]

    @Test(arguments: sourceCases)
    func takesCredentialsFromTheFirstSourceThatHasThem(_ testCase: SourceCase) async throws {
        let home = try TemporaryHome()
        try home.write(".aws/credentials", """
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = default-secret
            [named]
            aws_access_key_id = AKIDNAMED
            aws_secret_access_key = named-secret
            """)
        let configuration = try AWSClientConfiguration(
            settings: testCase.settings, environment: Self.environment(home, testCase.environment))
        #expect(try await configuration.credentials.credentials().accessKeyId == testCase.accessKeyId)
    }

    @Test func listsEverySourceWhenNoneHasCredentials() async throws {
        let home = try TemporaryHome()
        let configuration = try AWSClientConfiguration(
            settings: AWSProviderSettings(region: "eu-west-1"), environment: Self.environment(home))
        let error = try await #require(throws: AWSCredentialsError.self) {
            _ = try await configuration.credentials.credentials()
        }
        #expect(error.description == """
            no AWS credentials found. Looked in:
              - the provider configuration (access_key, secret_key): not set
              - the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set
              - profile default in \(home.path)/.aws/config and \(home.path)/.aws/credentials: no such profile
              - the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or AWS_CONTAINER_CREDENTIALS_FULL_URI): not set
              - the EC2 instance metadata service: disabled by AWS_EC2_METADATA_DISABLED
            Set access_key and secret_key in the provider block, the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, or a profile in ~/.aws/credentials.
            """)
    }

    @Test func skipMetadataAPICheckLeavesTheMetadataServiceOut() throws {
        let home = try TemporaryHome()
        let configuration = try AWSClientConfiguration(
            settings: AWSProviderSettings(region: "eu-west-1", skipMetadataAPICheck: true), environment: home.environment)
        let chain = try #require(configuration.credentials as? AWSCredentialsProviderChain)
        #expect(!chain.providers.contains { ($0 as? CachingCredentialsProvider)?.inner is InstanceMetadataCredentialsProvider })
        #expect(chain.providers.count == 4)
    }

    @Test func profileEndpointsAndProviderSettingsReachTheResolver() throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", "[profile local]\nregion = eu-west-1\nendpoint_url = http://localhost:4566\n")
        let settings = AWSProviderSettings(
            profile: "local", endpoints: ["ec2": "http://localhost:9999"], maxRetries: 7, useFIPSEndpoint: true)
        let configuration = try AWSClientConfiguration(settings: settings, environment: Self.environment(home))
        let client = AWSClient(configuration: configuration)
        #expect(try client.endpoint(for: .ec2).url.absoluteString == "http://localhost:9999")
        #expect(try client.endpoint(for: .iam).url.absoluteString == "http://localhost:4566")
        #expect(configuration.maxRetries == 7)
        #expect(configuration.useFIPSEndpoints == true)
    }

    @Test func assumeRoleBlocksChainOnTopOfTheBaseCredentials() async throws {
        let home = try TemporaryHome()
        let transport = RecordingTransport([assumeRoleAnswer("ASIAFIRST"), assumeRoleAnswer("ASIASECOND")])
        let settings = AWSProviderSettings(
            region: "eu-west-1", accessKey: "AKIDBASE", secretKey: "base-secret",
            assumeRole: [
                AssumeRoleCredentialsProvider.Role(roleArn: "arn:aws:iam::1:role/first", sessionName: "one"),
                AssumeRoleCredentialsProvider.Role(
                    roleArn: "arn:aws:iam::2:role/second", sessionName: "two", duration: .seconds(3600),
                    policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], tags: ["team": "platform"],
                    transitiveTagKeys: ["team"], sourceIdentity: "alice"),
            ],
            stsRegion: "us-west-2")
        let configuration = try AWSClientConfiguration(
            settings: settings, environment: Self.environment(home), transport: transport)
        #expect(try await configuration.credentials.credentials().accessKeyId == "ASIASECOND")
        let requests = transport.requests
        #expect(requests.map(\.url) == ["https://sts.us-west-2.amazonaws.com/", "https://sts.us-west-2.amazonaws.com/"])
        #expect(requests[0].headers["Authorization"]?.contains("Credential=AKIDBASE/") == true)
        #expect(requests[1].headers["Authorization"]?.contains("Credential=ASIAFIRST/") == true)
        #expect(requests[1].bodyText == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A2%3Arole%2Fsecond"
            + "&RoleSessionName=two&DurationSeconds=3600&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess"
            + "&Tags.member.1.Key=team&Tags.member.1.Value=platform&TransitiveTagKeys.member.1=team&SourceIdentity=alice")
    }
}

/// `assume_role` for real: the emulator issues the role's temporary credentials, and calls
/// signed with them are accepted as the role.
@Suite(.serialized) struct AssumeRoleEmulatorTests {
    @Test func assumedRoleCredentialsWorkAgainstTheEmulator() async throws {
        let server = try await onOwnThread { try MotoServer.shared(enforceSignatures: true) }
        let roleName = "prov-assumed-" + UUID().uuidString.prefix(8).lowercased()
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#
        let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        let setup = try await onOwnThread {
            try server.oracle([
                .init("iam", "create_role", ["RoleName": roleName, "AssumeRolePolicyDocument": trust], region: "us-east-1"),
                .init("iam", "put_role_policy", ["RoleName": roleName, "PolicyName": "all", "PolicyDocument": allowAll], region: "us-east-1"),
            ])
        }
        #expect(setup.allSatisfy { $0.response != nil })

        let home = try TemporaryHome()
        let settings = AWSProviderSettings(
            region: "eu-west-1", accessKey: server.accessKeyId, secretKey: server.secretAccessKey,
            assumeRole: [AssumeRoleCredentialsProvider.Role(roleArn: "arn:aws:iam::123456789012:role/\(roleName)", sessionName: "prov-e2e")])
        let environment = home.environment.merging(["AWS_ENDPOINT_URL": server.endpoint, "AWS_EC2_METADATA_DISABLED": "true"]) { $1 }
        let client = AWSClient(configuration: try AWSClientConfiguration(settings: settings, environment: environment))

        let identity = try await client.query(.sts, action: "GetCallerIdentity")
        #expect(identity.string("Arn") == "arn:aws:sts::123456789012:assumed-role/\(roleName)/prov-e2e")
        let vpcs = try await client.query(.ec2, action: "DescribeVpcs")
        #expect(!vpcs.all("vpcSet", "item").isEmpty)
    }
}
