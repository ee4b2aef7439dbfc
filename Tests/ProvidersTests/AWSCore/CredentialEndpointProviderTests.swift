import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// The instance metadata service, the container credentials endpoint and STS web identity,
/// played by Fixtures/fake_credentials_server.py on loopback, over real HTTP.
@Suite(.serialized) struct CredentialEndpointProviderTests {
    static let expiration = Date(timeIntervalSince1970: 1_893_456_000)

    struct ReceivedRequest: Decodable {
        var method: String
        var path: String
        var body: String
        var headers: [String: String]
    }

    static func received(_ server: FixtureServer) async throws -> [ReceivedRequest] {
        try JSONDecoder().decode([ReceivedRequest].self, from: Data(try await server.get("/_requests").utf8))
    }

    // MARK: Instance metadata

    @Test func instanceMetadataWithASessionToken() async throws {
        try await withFixtureServer("fake_credentials_server.py") { server in
            let provider = InstanceMetadataCredentialsProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint + "/"])
            #expect(try await provider.credentials() == AWSCredentials(
                accessKeyId: "ASIAIMDS", secretAccessKey: "imds-secret", sessionToken: "imds-token", expiration: Self.expiration))
            let requests = try await Self.received(server)
            #expect(requests.map { "\($0.method) \($0.path)" } == [
                "PUT /latest/api/token",
                "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/prov-instance-role",
            ])
            #expect(requests[0].headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600")
            #expect(requests.dropFirst().allSatisfy { $0.headers["x-aws-ec2-metadata-token"] == "imds-session-token" })
        }
    }

    @Test func instanceWithoutARoleIsNotFound() async throws {
        try await withFixtureServer("fake_credentials_server.py") { server in
            let provider = InstanceMetadataCredentialsProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint + "/norole"])
            await #expect(throws: AWSCredentialsError.notFound(
                source: "the EC2 instance metadata service", reason: "the instance has no IAM instance profile")) {
                _ = try await provider.credentials()
            }
        }
    }

    @Test func disabledInstanceMetadataIsNeverAsked() async throws {
        try await withFixtureServer("fake_credentials_server.py") { server in
            let provider = InstanceMetadataCredentialsProvider(environment: [
                "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint, "AWS_EC2_METADATA_DISABLED": "true",
            ])
            await #expect(throws: AWSCredentialsError.notFound(
                source: "the EC2 instance metadata service", reason: "disabled by AWS_EC2_METADATA_DISABLED")) {
                _ = try await provider.credentials()
            }
            let requests = try await Self.received(server)
            #expect(requests.isEmpty)
        }
    }

    @Test func silentMetadataServiceIsSkippedWithinItsTimeout() async throws {
        try await withFixtureServer("fake_credentials_server.py") { server in
            let provider = InstanceMetadataCredentialsProvider(
                environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint + "/blackhole"], timeout: .milliseconds(500))
            let clock = ContinuousClock()
            let start = clock.now
            let error = try await #require(throws: AWSCredentialsError.self) { _ = try await provider.credentials() }
            // A bound far above the timeout, so only waiting without one fails on a loaded machine.
            #expect(clock.now - start < .seconds(10))
            guard case .notFound(_, let reason) = error else {
                Issue.record("expected notFound, got \(error)")
                return
            }
            #expect(reason.hasPrefix("no answer at \(server.endpoint)/blackhole (not running on EC2?): no response from"))
        }
    }

    @Test func absentMetadataServiceIsSkippedAtOnce() async throws {
        // Nothing listens on the port of a stopped server: refused straight away.
        let server = try await FixtureServer.start("fake_credentials_server.py")
        await server.stop()
        // A long timeout, so an answer well before it shows the refusal was taken at once.
        let provider = InstanceMetadataCredentialsProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint], timeout: .seconds(60))
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await #require(throws: AWSCredentialsError.self) { _ = try await provider.credentials() }
        #expect(clock.now - start < .seconds(20))
        guard case .notFound = error else {
            Issue.record("expected notFound, got \(error)")
            return
        }
    }

    // MARK: Container endpoint

    @Test func containerEndpointWithATokenFile() async throws {
        try await withFixtureServer("fake_credentials_server.py") { server in
            let home = try TemporaryHome()
            let tokenFile = try home.write("token", "container-auth-token\n")
            let provider = ContainerCredentialsProvider(environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/container/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            ])
            #expect(try await provider.credentials() == AWSCredentials(
                accessKeyId: "ASIACONTAINER", secretAccessKey: "container-secret", sessionToken: "container-token",
                expiration: Self.expiration))
            #expect(try await Self.received(server).first?.headers["authorization"] == "container-auth-token")
        }
    }

    @Test func containerEndpointRefusingTheToken() async throws {
        try await withFixtureServer("fake_credentials_server.py") { server in
            let provider = ContainerCredentialsProvider(environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/container/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong-token",
            ])
            let error = try await #require(throws: AWSCredentialsError.self) { _ = try await provider.credentials() }
            #expect(error.description.hasSuffix("cannot be used: the endpoint answered HTTP 401"))
            #expect(!error.description.contains("wrong-token"))
        }
    }

    @Test(arguments: [
        ([:], false, "not set"),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://metadata.example.com/creds"], true,
         "AWS_CONTAINER_CREDENTIALS_FULL_URI may use plain http only for this machine or the container agent's address, not metadata.example.com"),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "file:///etc/passwd"], true,
         "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL"),
    ])
    func containerEndpointConfiguration(_ environment: [String: String], _ invalid: Bool, _ reason: String) async throws {
        let provider = ContainerCredentialsProvider(environment: environment)
        let error = try await #require(throws: AWSCredentialsError.self) { _ = try await provider.credentials() }
        let source = provider.sourceDescription
        #expect(error == (invalid ? .invalid(source: source, reason: reason) : .notFound(source: source, reason: reason)))
    }

    // MARK: Web identity

    @Test func webIdentityTokenFromTheEnvironment() async throws {
        try await withFixtureServer("fake_credentials_server.py") { server in
            let home = try TemporaryHome()
            let tokenFile = try home.write("token.jwt", "web-identity-jwt")
            let environment = [
                "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::1:role/pod",
                "AWS_ROLE_SESSION_NAME": "pod-session",
            ]
            var sts = AWSClientConfiguration(
                region: "eu-west-1", credentials: AnonymousCredentialsProvider(),
                endpointOverrides: ["sts": server.endpoint + "/sts"], environment: [:])
            sts.maxRetries = 0
            let provider = try #require(try WebIdentityCredentialsProvider.fromEnvironment(environment, stsConfiguration: sts))
            let credentials = try await provider.credentials()
            #expect(credentials.accessKeyId == "ASIAWEBIDENTITY")
            let expiration = try #require(credentials.expiration).timeIntervalSince(Self.expiration)
            #expect(abs(expiration - 0.123) < 0.001, "fractional seconds are read")

            let request = try #require(try await Self.received(server).first)
            #expect(request.body == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fpod"
                + "&RoleSessionName=pod-session&WebIdentityToken=web-identity-jwt")
            #expect(request.headers["authorization"] == nil, "AssumeRoleWithWebIdentity goes unsigned")
        }
    }

    @Test func rejectedWebIdentityTokenExplainsWithoutShowingIt() async throws {
        try await withFixtureServer("fake_credentials_server.py") { server in
            let home = try TemporaryHome()
            let tokenFile = try home.write("token.jwt", "an-expired-jwt")
            var sts = AWSClientConfiguration(
                region: "eu-west-1", credentials: AnonymousCredentialsProvider(),
                endpointOverrides: ["sts": server.endpoint + "/sts"], environment: [:])
            sts.maxRetries = 0
            let provider = WebIdentityCredentialsProvider(
                roleArn: "arn:aws:iam::1:role/pod", tokenFile: tokenFile, stsConfiguration: sts)
            let error = try await #require(throws: AWSCredentialsError.self) { _ = try await provider.credentials() }
            #expect(error.description.contains("STS AssumeRoleWithWebIdentity: InvalidIdentityToken: Couldn't retrieve verification key"))
            #expect(!error.description.contains("an-expired-jwt"))
        }
    }

    @Test func webIdentityNeedsTheRole() throws {
        let sts = AWSClientConfiguration(region: "eu-west-1", credentials: AnonymousCredentialsProvider(), environment: [:])
        #expect(throws: AWSCredentialsError.invalid(
            source: "the environment variables AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN",
            reason: "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")) {
            _ = try WebIdentityCredentialsProvider.fromEnvironment(["AWS_WEB_IDENTITY_TOKEN_FILE": "/t"], stsConfiguration: sts)
        }
        #expect(try WebIdentityCredentialsProvider.fromEnvironment([:], stsConfiguration: sts) == nil)
    }
}
