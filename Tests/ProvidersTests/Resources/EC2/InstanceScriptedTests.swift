import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// aws_instance as AWS really behaves where the emulator cannot show it (everything is ready
/// at once there, monitoring cannot be changed, user data changes are decoded twice): waits
/// through intermediate states on a virtual clock, the stop-change-start cycle, what a delete
/// with `force_destroy` sends, and the plan's replacement rules. Answers come from a script.
struct InstanceScriptedTests {
    static func describe(_ state: String, reason: String? = nil, profile: String? = nil) -> RecordingTransport.Answer {
        let reasonXML = reason.map { "<stateReason><code>Server.InternalError</code><message>\($0)</message></stateReason>" } ?? ""
        let profileXML = profile.map { "<iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/\($0)</arn><id>AIPA1</id></iamInstanceProfile>" } ?? ""
        return .answer(200, """
            <DescribeInstancesResponse><reservationSet><item><ownerId>123456789012</ownerId><instancesSet><item>
            <instanceId>i-1</instanceId><instanceState><code>0</code><name>\(state)</name></instanceState>\(reasonXML)\(profileXML)
            </item></instancesSet></item></reservationSet></DescribeInstancesResponse>
            """)
    }

    static let ok = RecordingTransport.Answer.answer(200, "<Response><return>true</return></Response>")
    static let notFound = RecordingTransport.Answer.answer(400, "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-1' does not exist</Message></Error></Errors><RequestID>r1</RequestID></Response>")

    static func context(_ transport: RecordingTransport, clock: VirtualClock) throws -> AWSContext {
        let operation = OperationContext(address: InstanceAddress(resource: ResourceAddress(type: "aws_instance", name: "web")), idempotencyToken: "token-1")
        return AWSContext(client: AWSClient.forTesting(transport: transport, clock: clock), settings: try AWSProviderBlock(.null), operation: operation)
    }

    static func actions(_ transport: RecordingTransport) -> [String] {
        transport.requests.compactMap { request in
            request.bodyText.split(separator: "&").first { $0.hasPrefix("Action=") }.map { String($0.dropFirst("Action=".count)) }
        }
    }

    // MARK: Waiting and the stop-change-start cycle

    @Test func instanceTypeAndUserDataChangeInOneStopAndStartEachInItsOwnCall() async throws {
        let transport = RecordingTransport([Self.ok, Self.describe("stopping"), Self.describe("stopped"), Self.ok, Self.ok, Self.ok, Self.describe("pending"), Self.describe("running")])
        let clock = VirtualClock()
        let prior = Value.object(["instance_type": .string("t3.micro"), "user_data_base64": .string("b2xk")])
        // Given as base64, the user data is decoded first so that it is not encoded twice.
        let planned = Value.object(["instance_type": .string("t3.small"), "user_data_base64": .string("ZWNobyB0d28=")])

        try await InstanceUpdates.apply("i-1", prior: prior, planned: planned, in: try Self.context(transport, clock: clock))

        #expect(Self.actions(transport) == ["StopInstances", "DescribeInstances", "DescribeInstances", "ModifyInstanceAttribute", "ModifyInstanceAttribute", "StartInstances", "DescribeInstances", "DescribeInstances"])
        let bodies = transport.requests.map(\.bodyText)
        #expect(bodies[3].contains("InstanceType.Value=t3.small"))
        #expect(bodies[4].contains("UserData.Value=ZWNobyB0d28%3D"), "sent once encoded: \(bodies[4])")
        #expect(clock.sleeps.count == 2, "one pause while stopping, one while pending")
    }

    @Test func userDataTextIsSentAsItsBytes() {
        #expect(InstanceUpdates.rawUserData("#!/bin/sh\necho hi") == Data("#!/bin/sh\necho hi".utf8))
        #expect(InstanceUpdates.rawUserData("ZWNobyB0d28=") == Data("echo two".utf8))
    }

    @Test func aLaunchWaitsForTheInstanceToAppearAndFailsWithAWSsReason() async throws {
        let transport = RecordingTransport([Self.notFound, Self.describe("pending"), Self.describe("terminated", reason: "Server.InternalError: Internal error on launch")])
        let clock = VirtualClock()
        let error = try await #require(throws: AWSWaiterError.self) {
            try await InstanceStates.wait("i-1", for: .launch, timeout: .seconds(600), in: try Self.context(transport, clock: clock))
        }
        #expect(error.kind == .failed)
        #expect(error.reason.contains("terminated") && error.reason.contains("Internal error on launch"))
        #expect(clock.sleeps.count == 2)
    }

    @Test func aLaunchThatStaysPendingTimesOutOnTheClientsClock() async throws {
        let transport = RecordingTransport([Self.describe("pending")])
        let clock = VirtualClock()
        let error = try await #require(throws: AWSWaiterError.self) {
            try await InstanceStates.wait("i-1", for: .launch, timeout: .seconds(60), in: try Self.context(transport, clock: clock))
        }
        #expect(error.kind == .timedOut)
        let waited = clock.sleeps.reduce(Duration.zero, +)
        #expect(waited > .seconds(59) && waited < .seconds(61), "it waited the timeout, virtually: \(waited)")
    }

    // MARK: Delete

    @Test func forceDestroyTurnsProtectionOffThenWaitsForTermination() async throws {
        let transport = RecordingTransport([Self.ok, Self.ok, Self.ok, Self.describe("shutting-down"), Self.describe("terminated")])
        let clock = VirtualClock()
        let current = Value.object(["id": .string("i-1"), "force_destroy": .true, "disable_api_stop": .true])
        try await InstanceResource().delete(current, in: try Self.context(transport, clock: clock))
        #expect(Self.actions(transport) == ["ModifyInstanceAttribute", "ModifyInstanceAttribute", "TerminateInstances", "DescribeInstances", "DescribeInstances"])
        #expect(transport.requests[0].bodyText.contains("DisableApiTermination.Value=false"))
        #expect(transport.requests[1].bodyText.contains("DisableApiStop.Value=false"))
        #expect(clock.sleeps.count == 1)
    }

    @Test func withoutForceDestroyProtectionIsLeftToAWS() async throws {
        let transport = RecordingTransport([.answer(400, "<Response><Errors><Error><Code>OperationNotPermitted</Code><Message>The instance 'i-1' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.</Message></Error></Errors><RequestID>r1</RequestID></Response>")])
        let current = Value.object(["id": .string("i-1"), "force_destroy": .false, "disable_api_termination": .true])
        let error = try await #require(throws: ProviderError.self) {
            try await InstanceResource().delete(current, in: try Self.context(transport, clock: VirtualClock()))
        }
        #expect(Self.actions(transport) == ["TerminateInstances"])
        #expect(error.summary == "Terminating EC2 Instance (i-1)")
        #expect(error.detail.contains("OperationNotPermitted"))
    }

    // MARK: Monitoring and instance profiles

    @Test func monitoringAndAProfileOfARunningInstanceChangeInPlace() async throws {
        let transport = RecordingTransport([
            .answer(200, """
                <DescribeIamInstanceProfileAssociationsResponse><iamInstanceProfileAssociationSet><item>
                <associationId>iip-assoc-1</associationId><instanceId>i-1</instanceId><state>associated</state>
                </item></iamInstanceProfileAssociationSet></DescribeIamInstanceProfileAssociationsResponse>
                """),
            Self.ok, Self.describe("running", profile: "old"), Self.describe("running", profile: "new"), Self.ok,
        ])
        let clock = VirtualClock()
        let prior = Value.object(["iam_instance_profile": .string("old"), "instance_state": .string("running"), "monitoring": .true])
        let planned = Value.object(["iam_instance_profile": .string("new"), "instance_state": .string("running"), "monitoring": .false])
        try await InstanceUpdates.apply("i-1", prior: prior, planned: planned, in: try Self.context(transport, clock: clock))
        #expect(Self.actions(transport) == ["DescribeIamInstanceProfileAssociations", "ReplaceIamInstanceProfileAssociation", "DescribeInstances", "DescribeInstances", "UnmonitorInstances"])
        #expect(transport.requests[1].bodyText.contains("AssociationId=iip-assoc-1") && transport.requests[1].bodyText.contains("IamInstanceProfile.Name=new"))
        #expect(clock.sleeps.count == 1, "one pause until the instance shows the new profile")
    }

    // MARK: Plan

    static let settings = Result { try AWSProviderBlock(.null) }

    static func object(_ attributes: [String: Value]) -> Value {
        .object(["tags": .null(.map(.string)), "tags_all": .null(.map(.string)), "ami": .string("ami-1"), "instance_type": .string("t3.micro")].merging(attributes) { _, new in new })
    }

    static func root(_ attributes: [String: Value]) -> Value {
        .list([.object(["volume_size": .number(10), "encrypted": .false, "volume_id": .string("vol-1")].merging(attributes) { _, new in new })], of: InstanceSchema.rootBlockDevice.valueType)
    }

    @Test func userDataChangesReplaceOnlyWhenAskedTo() throws {
        let prior = Self.object(["user_data": .string(UserData.hashSum("echo one")), "user_data_replace_on_change": .true])
        let changed = Self.object(["user_data": .string("echo two"), "user_data_replace_on_change": .true])
        let plan = try InstanceResource().plan(prior: prior, proposed: changed, configuration: changed, settings: try Self.settings.get())
        #expect(plan.requiresReplace == [["user_data"]])

        let inPlace = changed.setting(["user_data_replace_on_change": .false])
        #expect(try InstanceResource().plan(prior: prior, proposed: inPlace, configuration: inPlace, settings: try Self.settings.get()).requiresReplace.isEmpty)

        // The same text as state's hash plans as the hash: nothing changes.
        let same = Self.object(["user_data": .string("echo one"), "user_data_replace_on_change": .true])
        let unchanged = try InstanceResource().plan(prior: prior, proposed: same, configuration: same, settings: try Self.settings.get())
        #expect(unchanged.requiresReplace.isEmpty)
        #expect(unchanged.planned.string("user_data") == UserData.hashSum("echo one"))
    }

    @Test func rootVolumeSizeChangesInPlaceButEncryptionReplaces() throws {
        let prior = Self.object(["root_block_device": Self.root([:])])
        let bigger = Self.object(["root_block_device": Self.root(["volume_size": .number(20)])])
        #expect(try InstanceResource().plan(prior: prior, proposed: bigger, configuration: bigger, settings: try Self.settings.get()).requiresReplace.isEmpty)
        let encrypted = Self.object(["root_block_device": Self.root(["encrypted": .true])])
        #expect(try InstanceResource().plan(prior: prior, proposed: encrypted, configuration: encrypted, settings: try Self.settings.get()).requiresReplace == [["root_block_device"]])
    }

    @Test func conflictingArgumentsAreRefusedAtPlan() throws {
        let both = Self.object(["user_data": .string("a"), "user_data_base64": .string("Yg==")])
        #expect(throws: ProviderError.self) { try InstanceResource().plan(prior: nil, proposed: both, configuration: both, settings: try Self.settings.get()) }
        let noImage = Self.object(["ami": .null(.string)])
        #expect(throws: ProviderError.self) { try InstanceResource().plan(prior: nil, proposed: noImage, configuration: noImage, settings: try Self.settings.get()) }
    }
}
