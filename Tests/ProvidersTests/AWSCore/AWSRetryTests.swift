import Foundation
import Testing

@testable import Providers

/// Which failures are retried, how often, after what delays, and what a request that is not
/// idempotent does. Answers come from an in-process script; waits from a virtual clock.
struct AWSRetryTests {
    static let throttled = RecordingTransport.Answer.answer(
        400, "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>t</RequestId></ErrorResponse>")
    static let internalError = RecordingTransport.Answer.answer(
        500, "<ErrorResponse><Error><Code>InternalError</Code><Message>oops</Message></Error></ErrorResponse>")
    static let unavailable = RecordingTransport.Answer.answer(
        503, "<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error></ErrorResponse>")
    static let invalid = RecordingTransport.Answer.answer(
        400, "<ErrorResponse><Error><Code>ValidationError</Code><Message>bad name</Message></Error></ErrorResponse>")
    static let success = RecordingTransport.Answer.answer(200, "<CreateRoleResponse><CreateRoleResult/></CreateRoleResponse>")

    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String
        var idempotent: Bool
        var answers: [RecordingTransport.Answer]
        /// Attempts made before the call returned or threw.
        var attempts: Int
        var succeeds: Bool
        var outcomeUnknown = false
        var testDescription: String { name }
    }

    static let refused = HTTPTransportError.connectionRefused(host: "127.0.0.1", port: 9)
    static let reset = HTTPTransportError.connectionReset(host: "127.0.0.1", port: 9)
    static let timedOut = HTTPTransportError.timedOut(after: .seconds(60), url: "http://127.0.0.1:9/")

    static let scenarios: [Scenario] = [
        Scenario(name: "throttled three times", idempotent: true, answers: [throttled, throttled, throttled, success], attempts: 4, succeeds: true),
        Scenario(name: "server errors", idempotent: true, answers: [internalError, unavailable, success], attempts: 3, succeeds: true),
        Scenario(name: "validation errors are final", idempotent: true, answers: [invalid, success], attempts: 1, succeeds: false),
        Scenario(name: "refused connections", idempotent: true, answers: [.failure(refused), success], attempts: 2, succeeds: true),
        Scenario(name: "broken connections", idempotent: true, answers: [.failure(reset), success], attempts: 2, succeeds: true),
        Scenario(name: "timeouts", idempotent: true, answers: [.failure(timedOut), success], attempts: 2, succeeds: true),
        Scenario(
            name: "unknown hosts are final", idempotent: true,
            answers: [.failure(.hostNotFound(host: "nowhere.invalid")), success], attempts: 1, succeeds: false),
        Scenario(name: "non-idempotent: throttling proves nothing happened", idempotent: false, answers: [throttled, throttled, success], attempts: 3, succeeds: true),
        Scenario(name: "non-idempotent: 503 proves nothing happened", idempotent: false, answers: [unavailable, success], attempts: 2, succeeds: true),
        Scenario(name: "non-idempotent: refused connection never reached the server", idempotent: false, answers: [.failure(refused), success], attempts: 2, succeeds: true),
        Scenario(name: "non-idempotent: 500 leaves the outcome unknown", idempotent: false, answers: [internalError, success], attempts: 1, succeeds: false, outcomeUnknown: true),
        Scenario(name: "non-idempotent: broken connection leaves the outcome unknown", idempotent: false, answers: [.failure(reset), success], attempts: 1, succeeds: false, outcomeUnknown: true),
        Scenario(name: "non-idempotent: timeout leaves the outcome unknown", idempotent: false, answers: [.failure(timedOut), success], attempts: 1, succeeds: false, outcomeUnknown: true),
        Scenario(
            name: "non-idempotent: failed after a throttle, then unknown", idempotent: false,
            answers: [throttled, internalError, success], attempts: 2, succeeds: false, outcomeUnknown: true),
        Scenario(name: "non-idempotent: validation errors are definite", idempotent: false, answers: [invalid], attempts: 1, succeeds: false),
    ]

    @Test(arguments: scenarios)
    func retriesWhatMayBeRetried(_ scenario: Scenario) async throws {
        let transport = RecordingTransport(scenario.answers)
        let client = AWSClient.forTesting(transport: transport)
        do {
            _ = try await client.query(.iam, action: "CreateRole", idempotent: scenario.idempotent)
            #expect(scenario.succeeds)
        } catch let error as AWSError {
            #expect(!scenario.succeeds, "\(error)")
            #expect(error.outcomeUnknown == scenario.outcomeUnknown)
            #expect(error.attempts == scenario.attempts)
            #expect(error.description.contains("the outcome is unknown") == scenario.outcomeUnknown)
        }
        #expect(transport.requests.count == scenario.attempts)
    }

    @Test func waitsWithExponentialBackoffCappedAtTwentySeconds() async throws {
        let transport = RecordingTransport(Array(repeating: Self.throttled, count: 12) + [Self.success])
        let clock = VirtualClock()
        let client = AWSClient.forTesting(transport: transport, clock: clock)
        _ = try await client.query(.iam, action: "ListRoles")
        // Jitter fixed just under 1: each wait is just under its ceiling of 100 ms · 2^(n-1).
        let ceilings: [Double] = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 20, 20, 20, 20]
        #expect(clock.sleeps.count == ceilings.count)
        for (sleep, ceiling) in zip(clock.sleeps, ceilings) {
            #expect(sleep.inSeconds <= ceiling && sleep.inSeconds > ceiling * 0.999, "\(sleep) vs \(ceiling)")
        }
    }

    @Test func jitterSpreadsTheWaitsOverTheWholeRange() {
        let policy = AWSRetryPolicy(random: { 0.25 })
        #expect(policy.delay(beforeRetry: 1) == .milliseconds(25))
        #expect(policy.delay(beforeRetry: 4) == .milliseconds(200))
        #expect(policy.delay(beforeRetry: 100) == .seconds(5))
        #expect(AWSRetryPolicy(random: { 0 }).delay(beforeRetry: 3) == .zero)
    }

    @Test func givesUpAfterMaxRetriesAndSaysHowOftenItTried() async throws {
        let transport = RecordingTransport([Self.throttled])
        let client = AWSClient.forTesting(transport: transport, maxRetries: 3)
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.query(.iam, action: "ListRoles")
        }
        #expect(error.attempts == 4)
        #expect(error.isThrottling)
        #expect(error.description == "IAM ListRoles: Throttling: Rate exceeded (status 400, request id t, after 4 attempts)")
        #expect(transport.requests.count == 4)
    }

    @Test func zeroMaxRetriesMeansOneAttempt() async throws {
        let transport = RecordingTransport([Self.throttled, Self.success])
        let client = AWSClient.forTesting(transport: transport, maxRetries: 0)
        await #expect(throws: AWSError.self) { _ = try await client.query(.iam, action: "ListRoles") }
        #expect(transport.requests.count == 1)
    }

    @Test func transientRetriesDrawOnASharedBudgetButThrottlingDoesNot() async throws {
        let failing = RecordingTransport([Self.internalError])
        let client = AWSClient.forTesting(transport: failing, maxRetries: 1000)
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.query(.iam, action: "ListRoles")
        }
        // 500 tokens at 5 a retry: a hundred retries, then the client stops adding load.
        #expect(error.attempts == 101)
        #expect(client.retryBudget.available == 0)

        let throttling = RecordingTransport(Array(repeating: Self.throttled, count: 150) + [Self.success])
        let patient = AWSClient.forTesting(transport: throttling, maxRetries: 1000)
        _ = try await patient.query(.iam, action: "ListRoles")
        #expect(throttling.requests.count == 151)
    }

    @Test func successesRefillTheBudget() async throws {
        let transport = RecordingTransport([Self.internalError, Self.success])
        let client = AWSClient.forTesting(transport: transport)
        _ = try await client.query(.iam, action: "ListRoles")
        #expect(client.retryBudget.available == AWSRetryBudget.capacity)
        #expect(client.retryBudget.acquire(10))
        _ = try await client.query(.iam, action: "ListRoles")
        #expect(client.retryBudget.available == AWSRetryBudget.capacity - 9)
    }

    @Test func reportsEachRetryBeforeWaiting() async throws {
        let events = EventLog()
        let transport = RecordingTransport([Self.throttled, Self.unavailable, Self.success])
        let client = AWSClient.forTesting(transport: transport, onRetry: { events.append($0) })
        _ = try await client.query(.iam, action: "ListRoles")
        let recorded = events.events
        #expect(recorded.map(\.attempt) == [1, 2])
        #expect(recorded.map(\.isThrottling) == [true, false])
        #expect(recorded.allSatisfy { $0.service == "IAM" && $0.operation == "ListRoles" })
        #expect(recorded[1].reason.contains("ServiceUnavailable"))
    }

    @Test func cancellationDuringBackoffStopsRetrying() async throws {
        let transport = CancellingTransport()
        let client = AWSClient.forTesting(transport: transport)
        await #expect(throws: CancellationError.self) {
            _ = try await client.query(.iam, action: "ListRoles")
        }
        #expect(transport.calls == 1)
    }

    @Test func transportFailuresCarryTheCallAndThePlainMessage() async throws {
        let transport = RecordingTransport([.failure(Self.refused)])
        let client = AWSClient.forTesting(transport: transport, maxRetries: 2)
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.query(.ec2, action: "DescribeVpcs")
        }
        #expect(error.transportError == Self.refused)
        #expect(error.status == nil)
        #expect(error.description == "EC2 DescribeVpcs: could not connect to 127.0.0.1:9: connection refused — is the endpoint running? (after 3 attempts)")
    }

    @Test func anUnreachableEndpointGivesUpQuicklyWhateverTheRetryBudget() async throws {
        let transport = RecordingTransport([.failure(Self.refused)])
        let client = AWSClient.forTesting(transport: transport, maxRetries: 25)
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.query(.ec2, action: "DescribeVpcs")
        }
        #expect(error.attempts == 1 + AWSRetryPolicy.unreachableRetries)
        #expect(transport.requests.count == 1 + AWSRetryPolicy.unreachableRetries)
    }
}

/// Collects retry events from the client's callback.
final class EventLog: @unchecked Sendable {
    // @unchecked: `recorded` is only touched under `lock`.
    private let lock = NSLock()
    private var recorded: [AWSRetryEvent] = []
    func append(_ event: AWSRetryEvent) { lock.withLock { recorded.append(event) } }
    var events: [AWSRetryEvent] { lock.withLock { recorded } }
}

/// Answers "throttled" and cancels the calling task, as if the user pressed Ctrl-C while the
/// client was about to back off.
final class CancellingTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    var calls: Int { lock.withLock { count } }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        lock.withLock { count += 1 }
        withUnsafeCurrentTask { $0?.cancel() }
        return HTTPResponse(
            status: 400, body: Data("<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>".utf8))
    }
}
