import Foundation
import ResourceGraph
import Testing

@testable import Providers

struct AWSWaiterTests {
    /// A DescribeNatGateways answer in the given state.
    static func natGateway(_ state: String) -> RecordingTransport.Answer {
        .answer(200, "<DescribeNatGatewaysResponse><natGatewaySet><item><natGatewayId>nat-1</natGatewayId><state>\(state)</state></item></natGatewaySet></DescribeNatGatewaysResponse>")
    }

    static func pollNATGateway(_ client: AWSClient) async throws -> WaitStatus<String> {
        var parameters = QueryParameters()
        parameters.setList("NatGatewayId", ["nat-1"])
        let response = try await client.query(.ec2, action: "DescribeNatGateways", parameters: parameters)
        let state = response.string("natGatewaySet", "item", "state") ?? "missing"
        switch state {
        case "available": return .done("nat-1")
        case "failed", "deleted": return .failed("state is \(state)")
        default: return .pending("state is \(state)")
        }
    }

    @Test func waitsThroughPendingAnswersUntilReady() async throws {
        let transport = RecordingTransport([Self.natGateway("pending"), Self.natGateway("pending"), Self.natGateway("pending"), Self.natGateway("available")])
        let clock = VirtualClock()
        let client = AWSClient.forTesting(transport: transport, clock: clock)
        let waiter = AWSWaiter(timeout: .seconds(600), minDelay: .seconds(5), maxDelay: .seconds(40), clock: clock.clock, random: { 0.5 })
        let progress = ProgressLog()
        let id = try await waiter.wait(for: "NAT gateway nat-1 to become available", progress: { progress.append($0) }) {
            try await Self.pollNATGateway(client)
        }
        #expect(id == "nat-1")
        #expect(transport.requests.count == 4)
        // Halfway between the minimum and a ceiling doubling from it: 5, 5–10, 5–20.
        #expect(clock.sleeps == [.seconds(5), .seconds(7.5), .seconds(12.5)])
        #expect(progress.entries.map(\.attempt) == [1, 2, 3])
        #expect(progress.entries.map(\.status) == ["state is pending", "state is pending", "state is pending"])
        #expect(progress.entries.map(\.elapsed) == [.zero, .seconds(5), .seconds(12.5)])
        #expect(progress.entries.map(\.nextCheck) == clock.sleeps)
    }

    @Test func stopsAtAFailedState() async throws {
        let transport = RecordingTransport([Self.natGateway("pending"), Self.natGateway("failed")])
        let clock = VirtualClock()
        let client = AWSClient.forTesting(transport: transport, clock: clock)
        let waiter = AWSWaiter(timeout: .seconds(600), clock: clock.clock)
        let error = try await #require(throws: AWSWaiterError.self) {
            _ = try await waiter.wait(for: "NAT gateway nat-1 to become available") { try await Self.pollNATGateway(client) }
        }
        #expect(error.kind == .failed)
        #expect(error.description == "gave up waiting for NAT gateway nat-1 to become available: state is failed")
    }

    @Test func timesOutWithTheLastStateSeen() async throws {
        let transport = RecordingTransport([Self.natGateway("pending")])
        let clock = VirtualClock()
        let client = AWSClient.forTesting(transport: transport, clock: clock)
        let waiter = AWSWaiter(timeout: .seconds(60), minDelay: .seconds(10), maxDelay: .seconds(30), clock: clock.clock, random: { 0.5 })
        let error = try await #require(throws: AWSWaiterError.self) {
            _ = try await waiter.wait(for: "NAT gateway nat-1 to become available") { try await Self.pollNATGateway(client) }
        }
        #expect(error.kind == .timedOut)
        #expect(error.elapsed == .seconds(60))
        #expect(error.description == "timed out after 60 s waiting for NAT gateway nat-1 to become available (last seen: state is pending)")
        // Pauses of 10, 15 and 20 s; the fourth (20 s) is cut to 15 so that the last look
        // happens at the deadline.
        #expect(clock.sleeps == [.seconds(10), .seconds(15), .seconds(20), .seconds(15)])
    }

    @Test func errorsFromThePollEndTheWait() async throws {
        let transport = RecordingTransport([
            Self.natGateway("pending"),
            .answer(400, "<Response><Errors><Error><Code>InvalidNatGatewayID.NotFound</Code><Message>gone</Message></Error></Errors></Response>"),
        ])
        let clock = VirtualClock()
        let client = AWSClient.forTesting(transport: transport, clock: clock)
        let waiter = AWSWaiter(timeout: .seconds(600), clock: clock.clock)
        let error = try await #require(throws: AWSError.self) {
            _ = try await waiter.wait(for: "NAT gateway") { try await Self.pollNATGateway(client) }
        }
        #expect(error.code == "InvalidNatGatewayID.NotFound")
    }
}

final class ProgressLog: @unchecked Sendable {
    // @unchecked: `recorded` is only touched under `lock`.
    private let lock = NSLock()
    private var recorded: [WaitProgress] = []
    func append(_ progress: WaitProgress) { lock.withLock { recorded.append(progress) } }
    var entries: [WaitProgress] { lock.withLock { recorded } }
}
