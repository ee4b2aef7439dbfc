import Foundation
import Testing

@testable import Providers

/// Profiles in temporary home directories; STS answers come from an in-process script.
struct ProfileCredentialsProviderTests {
    static func stsConfiguration(_ transport: any HTTPTransport, clock: VirtualClock = VirtualClock()) -> AWSClientConfiguration {
        var configuration = AWSClientConfiguration(
            region: "eu-west-1", credentials: AnonymousCredentialsProvider(), maxRetries: 0, transport: transport,
            environment: [:])
        configuration.clock = clock.clock
        return configuration
    }

    static func provider(
        _ home: TemporaryHome, profile: String = "default", explicitly: Bool = false,
        transport: any HTTPTransport = RecordingTransport(body: ""), environment: [String: String] = [:]
    ) throws -> ProfileCredentialsProvider {
        let environment = home.environment.merging(environment) { $1 }
        return ProfileCredentialsProvider(
            profile: profile, explicitlySelected: explicitly,
            configuration: try SharedConfiguration(environment: environment),
            stsConfiguration: stsConfiguration(transport), environment: environment)
    }

    struct FailureCase: CustomTestStringConvertible, Sendable {
        var name: String
        var config = ""
        var credentials = ""
        var profile = "default"
        var explicitly = false
        /// Whether the failure lets a chain go on.
        var notFound: Bool
        var reason: String
        var testDescription: String { name }
    }

    static let failureCases: [FailureCase] = [
        FailureCase(name: "implicit default profile missing", notFound: true, reason: "no such profile"),
        FailureCase(
            name: "implicit default profile without keys", config: "[default]\nregion = eu-west-1\n", notFound: true,
            reason: "the profile has no credentials"),
        FailureCase(
            name: "chosen profile missing", profile: "prod", explicitly: true, notFound: false,
            reason: "the profile does not exist"),
        FailureCase(
            name: "chosen profile without keys", config: "[profile prod]\nregion = eu-west-1\n", profile: "prod",
            explicitly: true, notFound: false,
            reason: "the profile has no credentials (aws_access_key_id, credential_process or role_arn)"),
        FailureCase(
            name: "key id without secret", credentials: "[default]\naws_access_key_id = AKID\n", notFound: false,
            reason: "an access key id is set without a secret access key"),
        FailureCase(
            name: "single sign-on profile", config: "[profile sso]\nsso_session = corp\nsso_account_id = 1\n",
            profile: "sso", explicitly: true, notFound: false,
            reason: "the profile signs in with IAM Identity Center (SSO), which prov does not support; "
                + "export credentials with `aws configure export-credentials --profile sso --format env`"),
        FailureCase(
            name: "role without a source", config: "[profile r]\nrole_arn = arn:aws:iam::1:role/r\n", profile: "r",
            explicitly: true, notFound: false,
            reason: "role_arn needs source_profile, credential_source or web_identity_token_file"),
        FailureCase(
            name: "source profile loop",
            config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
                + "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
            profile: "a", explicitly: true, notFound: false, reason: "source_profile loops: a → b → a"),
        FailureCase(
            name: "missing source profile",
            config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = nowhere\n",
            profile: "a", explicitly: true, notFound: false,
            reason: "profile a names it as source_profile, but it does not exist"),
        FailureCase(
            name: "unknown credential source",
            config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\ncredential_source = Magic\n",
            profile: "a", explicitly: true, notFound: false,
            reason: "credential_source 'Magic' is not one of Environment, Ec2InstanceMetadata, EcsContainer"),
    ]

    @Test(arguments: failureCases)
    func reportsProfilesThatGiveNoCredentials(_ testCase: FailureCase) async throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", testCase.config)
        try home.write(".aws/credentials", testCase.credentials)
        let provider = try Self.provider(home, profile: testCase.profile, explicitly: testCase.explicitly)
        let error = try await #require(throws: AWSCredentialsError.self) { _ = try await provider.credentials() }
        switch error {
        case .notFound(_, let reason):
            #expect(testCase.notFound)
            #expect(reason == testCase.reason)
        case .invalid(_, let reason):
            #expect(!testCase.notFound)
            #expect(reason == testCase.reason)
        case .noneFound:
            Issue.record("a single provider does not report a chain's failure")
        }
    }

    @Test func readsKeysAndSessionToken() async throws {
        let home = try TemporaryHome()
        try home.write(".aws/credentials", """
            [work]
            aws_access_key_id = ASIAWORK
            aws_secret_access_key = work-secret
            aws_session_token = work-token
            """)
        let provider = try Self.provider(home, profile: "work", explicitly: true)
        #expect(try await provider.credentials() == AWSCredentials(
            accessKeyId: "ASIAWORK", secretAccessKey: "work-secret", sessionToken: "work-token"))
        #expect(provider.sourceDescription == "profile work in \(home.path)/.aws/config and \(home.path)/.aws/credentials")
    }

    @Test func assumesTheRoleWithTheSourceProfilesKeysAndCachesTheResult() async throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", """
            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/deploy
            source_profile = base
            external_id = ext-42
            role_session_name = prov-session
            duration_seconds = 900
            """)
        try home.write(".aws/credentials", "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n")
        let transport = RecordingTransport([assumeRoleAnswer("ASIADEPLOY")])
        let provider = try Self.provider(home, profile: "deploy", explicitly: true, transport: transport)

        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyId == "ASIADEPLOY")
        #expect(credentials.sessionToken == "token-of-ASIADEPLOY")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_456_000))
        _ = try await provider.credentials()

        #expect(transport.requests.count == 1)
        let request = try #require(transport.lastRequest)
        #expect(request.url == "https://sts.eu-west-1.amazonaws.com/")
        #expect(request.bodyText == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy"
            + "&RoleSessionName=prov-session&ExternalId=ext-42&DurationSeconds=900")
        #expect(request.headers["Authorization"]?.contains("Credential=AKIDBASE/") == true)
    }

    @Test func chainsRolesThroughProfiles() async throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", """
            [profile top]
            role_arn = arn:aws:iam::1:role/top
            source_profile = middle

            [profile middle]
            role_arn = arn:aws:iam::1:role/middle
            source_profile = base

            [profile base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = base-secret
            """)
        let transport = RecordingTransport([assumeRoleAnswer("ASIAMIDDLE"), assumeRoleAnswer("ASIATOP")])
        let provider = try Self.provider(home, profile: "top", explicitly: true, transport: transport)
        #expect(try await provider.credentials().accessKeyId == "ASIATOP")

        let requests = transport.requests
        #expect(requests.count == 2)
        #expect(requests[0].bodyText.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fmiddle"))
        #expect(requests[0].headers["Authorization"]?.contains("Credential=AKIDBASE/") == true)
        #expect(requests[1].bodyText.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Ftop"))
        #expect(requests[1].headers["Authorization"]?.contains("Credential=ASIAMIDDLE/") == true)
        #expect(requests[1].headers["X-Amz-Security-Token"] == "token-of-ASIAMIDDLE")
    }

    @Test func aProfileMayAssumeItsOwnRoleWithItsOwnKeys() async throws {
        let home = try TemporaryHome()
        try home.write(".aws/credentials", """
            [self]
            aws_access_key_id = AKIDSELF
            aws_secret_access_key = self-secret
            role_arn = arn:aws:iam::1:role/self
            source_profile = self
            """)
        let transport = RecordingTransport([assumeRoleAnswer("ASIASELF")])
        let provider = try Self.provider(home, profile: "self", explicitly: true, transport: transport)
        #expect(try await provider.credentials().accessKeyId == "ASIASELF")
        #expect(transport.lastRequest?.headers["Authorization"]?.contains("Credential=AKIDSELF/") == true)
    }

    @Test func roleWithTheEnvironmentAsCredentialSource() async throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", "[default]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n")
        let transport = RecordingTransport([assumeRoleAnswer("ASIACI")])
        let provider = try Self.provider(
            home, transport: transport, environment: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"])
        #expect(try await provider.credentials().accessKeyId == "ASIACI")
        #expect(transport.lastRequest?.headers["Authorization"]?.contains("Credential=AKIDENV/") == true)
    }

    @Test func roleAssumptionFailureExplainsItself() async throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", "[default]\nrole_arn = arn:aws:iam::1:role/nope\nsource_profile = base\n[profile base]\naws_access_key_id = A\naws_secret_access_key = s\n")
        let transport = RecordingTransport([
            .answer(403, "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>x</RequestId></ErrorResponse>")
        ])
        let provider = try Self.provider(home, transport: transport)
        let error = try await #require(throws: AWSCredentialsError.self) { _ = try await provider.credentials() }
        #expect(error == .invalid(
            source: "the role arn:aws:iam::1:role/nope",
            reason: "STS AssumeRole: AccessDenied: User is not authorized to perform: sts:AssumeRole (status 403, request id x)"))
    }

    @Test func runsTheCredentialProcess() async throws {
        let home = try TemporaryHome()
        let script = try home.write("bin/creds.sh", """
            #!/bin/sh
            echo '{"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "process-secret", "SessionToken": "process-token", "Expiration": "2030-01-01T00:00:00+00:00"}'
            """, executable: true)
        try home.write(".aws/config", "[profile tool]\ncredential_process = \(script) --profile tool\n")
        let provider = try Self.provider(home, profile: "tool", explicitly: true)
        #expect(try await provider.credentials() == AWSCredentials(
            accessKeyId: "ASIAPROCESS", secretAccessKey: "process-secret", sessionToken: "process-token",
            expiration: Date(timeIntervalSince1970: 1_893_456_000)))
    }

    @Test(arguments: [
        ("echo 'session expired, run sso login' >&2; exit 3", "credential_process exited with status 3: session expired, run sso login"),
        ("echo not json", "the answer is not a JSON object"),
        (#"echo '{"Version": 1, "AccessKeyId": "A"}'"#, "the answer has no AccessKeyId and SecretAccessKey"),
        (#"echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "tomorrow"}'"#, "the expiration 'tomorrow' is not an ISO 8601 time"),
    ])
    func reportsAFailingCredentialProcess(_ command: String, _ reason: String) async throws {
        let home = try TemporaryHome()
        let script = try home.write("bin/creds.sh", "#!/bin/sh\n\(command)\n", executable: true)
        try home.write(".aws/config", "[default]\ncredential_process = \(script)\n")
        let provider = try Self.provider(home)
        let error = try await #require(throws: AWSCredentialsError.self) { _ = try await provider.credentials() }
        #expect(error == .invalid(source: "profile default in \(home.path)/.aws/config and \(home.path)/.aws/credentials", reason: reason))
    }
}
