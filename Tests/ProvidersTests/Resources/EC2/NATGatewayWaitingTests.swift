import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// aws_nat_gateway waits for AWS as AWS really behaves (the emulator answers "available" at
/// once): through `pending` until `available` on create, through `deleting` until `deleted`
/// on delete, telling the engine what it sees; a gateway that fails ends the wait with AWS's
/// reason and is kept as a partial object. Answers come from a script, waits from a virtual
/// clock.
struct NATGatewayWaitingTests {
    static func describe(_ state: String, failure: String? = nil) -> RecordingTransport.Answer {
        let failureXML = failure.map { "<failureCode>Gateway.NotAttached</failureCode><failureMessage>\($0)</failureMessage>" } ?? ""
        return .answer(200, """
            <DescribeNatGatewaysResponse><natGatewaySet><item>
            <natGatewayId>nat-1</natGatewayId><state>\(state)</state>\(failureXML)<subnetId>subnet-1</subnetId>
            <connectivityType>public</connectivityType>
            <natGatewayAddressSet><item><allocationId>eipalloc-1</allocationId><networkInterfaceId>eni-1</networkInterfaceId>
            <privateIp>10.0.0.5</privateIp><publicIp>203.0.113.5</publicIp><associationId>eipassoc-1</associationId><isPrimary>true</isPrimary></item></natGatewayAddressSet>
            </item></natGatewaySet></DescribeNatGatewaysResponse>
            """)
    }

    static let created = RecordingTransport.Answer.answer(200, "<CreateNatGatewayResponse><natGateway><natGatewayId>nat-1</natGatewayId><state>pending</state></natGateway></CreateNatGatewayResponse>")
    static let deleting = RecordingTransport.Answer.answer(200, "<DeleteNatGatewayResponse><natGatewayId>nat-1</natGatewayId></DeleteNatGatewayResponse>")

    static let planned = Value.object([
        "subnet_id": .string("subnet-1"), "allocation_id": .string("eipalloc-1"), "connectivity_type": .string("public"),
        "tags": .stringMap(["Name": "nat"]), "tags_all": .stringMap(["Name": "nat"]),
    ])

    /// A context on a scripted transport and a virtual clock, recording progress reports.
    static func context(_ transport: RecordingTransport, clock: VirtualClock, progress: StatusLog) throws -> AWSContext {
        let operation = OperationContext(address: InstanceAddress(resource: ResourceAddress(type: "aws_nat_gateway", name: "main")), idempotencyToken: "token-1") { progress.append($0) }
        return AWSContext(client: AWSClient.forTesting(transport: transport, clock: clock), settings: try AWSProviderBlock(.null), operation: operation)
    }

    @Test func createWaitsUntilAvailableAndReportsWhatItSees() async throws {
        let transport = RecordingTransport([Self.created, Self.describe("pending"), Self.describe("pending"), Self.describe("available")])
        let clock = VirtualClock()
        let progress = StatusLog()
        let created = try await NATGatewayResource().create(Self.planned, in: try Self.context(transport, clock: clock, progress: progress))
        #expect(created.string("id") == "nat-1")
        #expect(created.string("public_ip") == "203.0.113.5")
        #expect(created.string("network_interface_id") == "eni-1")
        #expect(progress.entries.filter { $0 == "state: pending" }.count == 2)
        #expect(clock.sleeps.count == 2, "one pause after each pending answer")
        let create = try #require(transport.requests.first?.bodyText)
        #expect(create.contains("Action=CreateNatGateway") && create.contains("ClientToken=token-1") && create.contains("AllocationId=eipalloc-1"))
        #expect(create.contains("TagSpecification.1.ResourceType=natgateway"))
    }

    @Test func aFailedGatewayEndsTheWaitWithAWSsReasonAndIsKept() async throws {
        let transport = RecordingTransport([Self.created, Self.describe("pending"), Self.describe("failed", failure: "Network vpc-1 has no Internet gateway attached")])
        let error = try await #require(throws: ProviderError.self) {
            _ = try await NATGatewayResource().create(Self.planned, in: try Self.context(transport, clock: VirtualClock(), progress: StatusLog()))
        }
        #expect(error.summary == "Creating EC2 NAT Gateway (nat-1)")
        #expect(error.detail.contains("Network vpc-1 has no Internet gateway attached"))
        #expect(error.partialObject?.string("id") == "nat-1", "the engine keeps the gateway that was made")
    }

    @Test func deleteWaitsUntilDeleted() async throws {
        let transport = RecordingTransport([Self.deleting, Self.describe("deleting"), Self.describe("deleting"), Self.describe("deleting"), Self.describe("deleted")])
        let clock = VirtualClock()
        let progress = StatusLog()
        try await NATGatewayResource().delete(Self.planned.setting(["id": .string("nat-1")]), in: try Self.context(transport, clock: clock, progress: progress))
        #expect(transport.requests.count == 5)
        #expect(progress.entries.filter { $0 == "state: deleting" }.count == 3)
        #expect(clock.sleeps.count == 3)
    }

    @Test func aDeletedGatewayReadsAsGone() async throws {
        let transport = RecordingTransport([Self.describe("deleted")])
        let object = try await NATGatewayResource().read(.object(["id": .string("nat-1")]), in: try Self.context(transport, clock: VirtualClock(), progress: StatusLog()))
        #expect(object == nil)
    }
}

/// Progress reports, in order.
final class StatusLog: @unchecked Sendable {
    // @unchecked: `recorded` is only touched under `lock`.
    private let lock = NSLock()
    private var recorded: [String] = []
    func append(_ status: String) { lock.withLock { recorded.append(status) } }
    var entries: [String] { lock.withLock { recorded } }
}
