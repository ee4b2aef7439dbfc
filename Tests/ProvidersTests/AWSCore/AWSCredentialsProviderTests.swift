import Foundation
import Testing

@testable import Providers

struct AWSCredentialsProviderTests {
    struct EnvironmentCase: CustomTestStringConvertible, Sendable {
        var name: String
        var environment: [String: String]
        var expected: AWSCredentials?
        var error: AWSCredentialsError?
        var testDescription: String { name }
    }

    static let source = "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"

    static let environmentCases: [EnvironmentCase] = [
        EnvironmentCase(
            name: "long-lived keys", environment: ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret"],
            expected: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret")),
        EnvironmentCase(
            name: "temporary keys",
            environment: ["AWS_ACCESS_KEY_ID": "ASIA", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"],
            expected: AWSCredentials(accessKeyId: "ASIA", secretAccessKey: "secret", sessionToken: "token")),
        EnvironmentCase(
            name: "nothing set", environment: [:], error: .notFound(source: source, reason: "not set")),
        EnvironmentCase(
            name: "empty values count as unset", environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""],
            error: .notFound(source: source, reason: "not set")),
        EnvironmentCase(
            name: "key id without secret", environment: ["AWS_ACCESS_KEY_ID": "AKID"],
            error: .invalid(source: source, reason: "an access key id is set without a secret access key")),
        EnvironmentCase(
            name: "secret without key id", environment: ["AWS_SECRET_ACCESS_KEY": "secret"],
            error: .invalid(source: source, reason: "a secret access key is set without an access key id")),
    ]

    @Test(arguments: environmentCases)
    func readsTheEnvironment(_ testCase: EnvironmentCase) throws {
        let provider = EnvironmentCredentialsProvider(environment: testCase.environment)
        if let expected = testCase.expected {
            #expect(try provider.credentials() == expected)
        } else {
            #expect(throws: testCase.error!) { try provider.credentials() }
        }
    }

    @Test func chainUsesTheFirstSourceThatHasCredentialsAndSticksToIt() async throws {
        let counter = CountingProvider(credentials: AWSCredentials(accessKeyId: "SECOND", secretAccessKey: "s"))
        let chain = AWSCredentialsProviderChain([
            StaticCredentialsProvider(accessKeyId: nil, secretAccessKey: nil),
            counter,
            StaticCredentialsProvider(accessKeyId: "THIRD", secretAccessKey: "s"),
        ])
        #expect(try await chain.credentials().accessKeyId == "SECOND")
        #expect(try await chain.credentials().accessKeyId == "SECOND")
        #expect(counter.calls == 2)
    }

    @Test func chainStopsAtASourceThatIsConfiguredButBroken() async throws {
        let chain = AWSCredentialsProviderChain([
            StaticCredentialsProvider(accessKeyId: "AKID", secretAccessKey: nil),
            StaticCredentialsProvider(accessKeyId: "OTHER", secretAccessKey: "s"),
        ])
        await #expect(throws: AWSCredentialsError.invalid(
            source: "the provider configuration (access_key, secret_key)",
            reason: "an access key id is set without a secret access key")) {
            _ = try await chain.credentials()
        }
    }

    @Test func chainListsEverywhereItLooked() async throws {
        let chain = AWSCredentialsProviderChain([
            StaticCredentialsProvider(accessKeyId: nil, secretAccessKey: nil),
            EnvironmentCredentialsProvider(environment: [:]),
        ])
        let error = try await #require(throws: AWSCredentialsError.self) { _ = try await chain.credentials() }
        #expect(error.description == """
            no AWS credentials found. Looked in:
              - the provider configuration (access_key, secret_key): not set
              - the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set
            Set access_key and secret_key in the provider block, the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, or a profile in ~/.aws/credentials.
            """)
    }

    @Test func providersNeverShowTheSecret() {
        let provider = StaticCredentialsProvider(accessKeyId: "AKIDSHOWN", secretAccessKey: "hidden-secret", sessionToken: "hidden-token")
        for text in [String(describing: provider), String(reflecting: provider)] {
            #expect(text.contains("AKIDSHOWN"))
            #expect(!text.contains("hidden-secret"))
            #expect(!text.contains("hidden-token"))
        }
    }
}

/// Hands out fixed credentials and counts how often it was asked.
final class CountingProvider: AWSCredentialsProvider, @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    private let fixed: AWSCredentials
    let sourceDescription = "a counting test provider"

    init(credentials: AWSCredentials) { fixed = credentials }

    var calls: Int { lock.withLock { count } }

    func credentials() async throws -> AWSCredentials {
        lock.withLock { count += 1 }
        return fixed
    }
}
