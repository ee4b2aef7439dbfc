import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// Retries over real HTTP, against a local server that fails a set number of times
/// (Fixtures/flaky_aws_server.py). The server counts the attempts it really received.
@Suite(.serialized) struct AWSRetryServerTests {
    /// A client whose STS and Secrets Manager endpoints lead to one scenario of the server.
    static func client(_ server: FixtureServer, path: String, clock: VirtualClock = VirtualClock()) -> AWSClient {
        let endpoint = server.endpoint + path
        return AWSClient.forTesting(
            transport: CurlHTTPClient.shared, clock: clock,
            endpointOverrides: ["sts": endpoint, "iam": endpoint, "secretsmanager": endpoint])
    }

    @Test func throttledQueryCallSucceedsOnTheFourthAttempt() async throws {
        try await withFixtureServer("flaky_aws_server.py") { server in
            let clock = VirtualClock()
            let client = Self.client(server, path: "/throttle-query/throttle/3/query", clock: clock)
            let result = try await client.query(.sts, action: "GetCallerIdentity")
            #expect(result.string("Attempt") == "4")
            #expect(try await server.get("/throttle-query/count") == "4")
            #expect(clock.sleeps.count == 3)
        }
    }

    @Test func throttledJSONCallSucceedsEvenWhenNotIdempotent() async throws {
        try await withFixtureServer("flaky_aws_server.py") { server in
            let client = Self.client(server, path: "/throttle-json/throttle/2/json")
            let result = try await client.json(
                .secretsManager, operation: "CreateSecret", body: .object(["Name": .string("x")]), idempotent: false)
            #expect(result[attribute: "attempt"]?.numberValue == Number(3))
            #expect(try await server.get("/throttle-json/count") == "3")
        }
    }

    @Test func serverErrorsAreRetriedForIdempotentCalls() async throws {
        try await withFixtureServer("flaky_aws_server.py") { server in
            let client = Self.client(server, path: "/error500/error500/2/query")
            _ = try await client.query(.sts, action: "GetCallerIdentity")
            #expect(try await server.get("/error500/count") == "3")
        }
    }

    @Test func serverErrorLeavesANonIdempotentCallInDoubt() async throws {
        try await withFixtureServer("flaky_aws_server.py") { server in
            let client = Self.client(server, path: "/error500-create/error500/1/query")
            let error = try await #require(throws: AWSError.self) {
                _ = try await client.query(.iam, action: "CreateRole", idempotent: false)
            }
            #expect(error.outcomeUnknown)
            #expect(error.code == "InternalError")
            #expect(try await server.get("/error500-create/count") == "1")
        }
    }

    @Test func droppedConnectionIsRetriedWhenIdempotent() async throws {
        try await withFixtureServer("flaky_aws_server.py") { server in
            let client = Self.client(server, path: "/drop-read/drop/1/query")
            _ = try await client.query(.sts, action: "GetCallerIdentity")
            #expect(try await server.get("/drop-read/count") == "2")
        }
    }

    @Test func droppedConnectionLeavesANonIdempotentCallInDoubt() async throws {
        try await withFixtureServer("flaky_aws_server.py") { server in
            let client = Self.client(server, path: "/drop-create/drop/1/query")
            let error = try await #require(throws: AWSError.self) {
                _ = try await client.query(.iam, action: "CreateRole", idempotent: false)
            }
            #expect(error.outcomeUnknown)
            #expect(error.transportError != nil)
            #expect(error.description.hasPrefix("IAM CreateRole: the connection to 127.0.0.1:\(server.port) broke"))
            #expect(try await server.get("/drop-create/count") == "1")
        }
    }

    /// libcurl re-sends by itself a request whose reused connection closed without an
    /// answer; a call that must not be repeated goes on a fresh connection so it cannot.
    @Test func droppedConnectionOnAWarmClientIsNotResentForANonIdempotentCall() async throws {
        try await withFixtureServer("flaky_aws_server.py") { server in
            let warm = Self.client(server, path: "/warm-up/throttle/0/query")
            _ = try await warm.query(.sts, action: "GetCallerIdentity")
            _ = try await warm.query(.sts, action: "GetCallerIdentity")
            let client = Self.client(server, path: "/drop-warm-create/drop/1/query")
            let error = try await #require(throws: AWSError.self) {
                _ = try await client.query(.iam, action: "CreateRole", idempotent: false)
            }
            #expect(error.outcomeUnknown)
            #expect(try await server.get("/drop-warm-create/count") == "1")
        }
    }

    @Test func refusedConnectionIsRetriedEvenWhenNotIdempotent() async throws {
        // Nothing listens on a port the stopped server held: every attempt is refused before
        // anything is sent, so retrying a create is safe.
        let server = try await FixtureServer.start("flaky_aws_server.py")
        await server.stop()
        let client = AWSClient.forTesting(
            transport: CurlHTTPClient.shared, maxRetries: 2, endpointOverrides: ["iam": server.endpoint])
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.query(.iam, action: "CreateRole", idempotent: false)
        }
        #expect(error.attempts == 3)
        #expect(!error.outcomeUnknown)
        #expect(error.transportError == .connectionRefused(host: "127.0.0.1", port: server.port))
    }

    @Test func throttlingForeverEndsAfterMaxRetries() async throws {
        try await withFixtureServer("flaky_aws_server.py") { server in
            let clock = VirtualClock()
            let client = AWSClient.forTesting(
                transport: CurlHTTPClient.shared, clock: clock, maxRetries: 5,
                endpointOverrides: ["sts": server.endpoint + "/forever/forever/0/query"])
            let error = try await #require(throws: AWSError.self) {
                _ = try await client.query(.sts, action: "GetCallerIdentity")
            }
            #expect(error.attempts == 6)
            #expect(error.requestId == "forever-6")
            #expect(try await server.get("/forever/count") == "6")
        }
    }
}
