import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// EFS as AWS really behaves, where the emulator cannot show it (everything is `available` at
/// once there, and it has no UpdateFileSystem): file systems and mount targets are waited for
/// through `creating`, `updating` and `deleting`; a throughput change is made in place; a create
/// whose generated creation token is already taken adopts that file system. Answers come from
/// a script, waits from a virtual clock.
struct EFSWaitingTests {
    static func fileSystems(_ state: String, throughput: String = "bursting") -> RecordingTransport.Answer {
        .answer(200, """
            {"FileSystems":[{"FileSystemId":"fs-1","FileSystemArn":"arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-1",
            "CreationToken":"token","LifeCycleState":"\(state)","OwnerId":"123456789012","NumberOfMountTargets":0,
            "SizeInBytes":{"Value":6144,"ValueInIA":0,"ValueInStandard":6144},"PerformanceMode":"generalPurpose",
            "Encrypted":false,"ThroughputMode":"\(throughput)","ProvisionedThroughputInMibps":\(throughput == "provisioned" ? "64" : "null"),"Tags":[]}]}
            """)
    }

    static func mountTargets(_ state: String) -> RecordingTransport.Answer {
        .answer(200, """
            {"MountTargets":[{"MountTargetId":"fsmt-1","FileSystemId":"fs-1","SubnetId":"subnet-1","LifeCycleState":"\(state)",
            "IpAddress":"10.0.0.9","NetworkInterfaceId":"eni-1","AvailabilityZoneName":"eu-west-1a","AvailabilityZoneId":"euw1-az1","OwnerId":"123456789012"}]}
            """)
    }

    static let noLifecycle = RecordingTransport.Answer.answer(200, #"{"LifecyclePolicies":[]}"#)
    static let fileSystemGone = RecordingTransport.Answer.answer(404, #"{"ErrorCode":"FileSystemNotFound","Message":"File system 'fs-1' does not exist."}"#)

    static func context(_ transport: RecordingTransport, clock: VirtualClock, progress: StatusLog) throws -> AWSContext {
        let operation = OperationContext(address: InstanceAddress(resource: ResourceAddress(type: "aws_efs_file_system", name: "main")), idempotencyToken: "token-1") { progress.append($0) }
        return AWSContext(client: AWSClient.forTesting(transport: transport, clock: clock), settings: try AWSProviderBlock(.null), operation: operation)
    }

    static let planned = Value.object([
        "creation_token": .string("token"), "throughput_mode": .string("bursting"),
        "tags": .null(.map(.string)), "tags_all": .stringMap([:]),
    ])

    @Test func createWaitsWhileCreating() async throws {
        let transport = RecordingTransport([
            .answer(201, #"{"FileSystemId":"fs-1","LifeCycleState":"creating"}"#),
            Self.fileSystems("creating"), Self.fileSystems("creating"), Self.fileSystems("available"),
            Self.fileSystems("available"), Self.noLifecycle,
        ])
        let clock = VirtualClock()
        let progress = StatusLog()
        let created = try await EFSFileSystemResource().create(Self.planned, in: try Self.context(transport, clock: clock, progress: progress))
        #expect(created.string("id") == "fs-1")
        #expect(created.string("dns_name") == "fs-1.efs.eu-west-1.amazonaws.com")
        #expect(progress.entries.filter { $0 == "state: creating" }.count == 2)
        #expect(clock.sleeps.count == 2)
        #expect(transport.requests.first?.bodyText.contains(#""CreationToken":"token""#) == true)
    }

    @Test func aThroughputChangeIsMadeInPlaceAndWaitedFor() async throws {
        let transport = RecordingTransport([
            .answer(202, #"{"FileSystemId":"fs-1","LifeCycleState":"updating"}"#),
            Self.fileSystems("updating", throughput: "provisioned"), Self.fileSystems("available", throughput: "provisioned"),
            Self.fileSystems("available", throughput: "provisioned"), Self.noLifecycle,
        ])
        let clock = VirtualClock()
        let prior = Self.planned.setting(["id": .string("fs-1")])
        let planned = prior.setting(["throughput_mode": .string("provisioned"), "provisioned_throughput_in_mibps": .number(64)])
        let updated = try await EFSFileSystemResource().update(prior: prior, planned: planned, in: try Self.context(transport, clock: clock, progress: StatusLog()))
        let update = try #require(transport.requests.first)
        #expect(update.method == "PUT" && update.path == "/2015-02-01/file-systems/fs-1")
        #expect(update.bodyText.contains(#""ThroughputMode":"provisioned""#) && update.bodyText.contains(#""ProvisionedThroughputInMibps":64"#))
        #expect(clock.sleeps.count == 1, "one pause while updating")
        #expect(updated.string("throughput_mode") == "provisioned")
        #expect(updated[attribute: "provisioned_throughput_in_mibps"]?.numberValue?.intValue == 64)
    }

    @Test func deleteWaitsUntilTheFileSystemIsGone() async throws {
        let transport = RecordingTransport([.answer(204, ""), Self.fileSystems("deleting"), Self.fileSystems("deleting"), Self.fileSystemGone])
        let clock = VirtualClock()
        try await EFSFileSystemResource().delete(Self.planned.setting(["id": .string("fs-1")]), in: try Self.context(transport, clock: clock, progress: StatusLog()))
        #expect(transport.requests.map(\.method) == ["DELETE", "GET", "GET", "GET"])
        #expect(clock.sleeps.count == 2)
    }

    @Test func aTakenGeneratedCreationTokenAdoptsItsFileSystem() async throws {
        let transport = RecordingTransport([
            .answer(409, #"{"ErrorCode":"FileSystemAlreadyExists","Message":"File system already exists.","FileSystemId":"fs-1"}"#),
            Self.fileSystems("available"), Self.fileSystems("available"), Self.fileSystems("available"), Self.noLifecycle,
        ])
        let planned = Self.planned.setting(["creation_token": .unknown(.string)])
        let created = try await EFSFileSystemResource().create(planned, in: try Self.context(transport, clock: VirtualClock(), progress: StatusLog()))
        #expect(created.string("id") == "fs-1")
        let lookUp = transport.requests[1]
        #expect(lookUp.query.first?.name == "CreationToken" && lookUp.query.first?.value == GeneratedNames.make(prefix: nil, token: "token-1"))
    }

    @Test func aTakenConfiguredCreationTokenIsReportedForImport() async throws {
        let transport = RecordingTransport([
            .answer(409, #"{"ErrorCode":"FileSystemAlreadyExists","Message":"File system already exists.","FileSystemId":"fs-1"}"#),
        ])
        let error = try await #require(throws: ProviderError.self) {
            _ = try await EFSFileSystemResource().create(Self.planned, in: try Self.context(transport, clock: VirtualClock(), progress: StatusLog()))
        }
        #expect(error.isAlreadyExists)
    }

    @Test func mountTargetsAreWaitedForOnCreateAndDelete() async throws {
        let transport = RecordingTransport([
            .answer(200, #"{"MountTargetId":"fsmt-1","LifeCycleState":"creating"}"#),
            Self.mountTargets("creating"), Self.mountTargets("available"), Self.mountTargets("available"),
            .answer(200, #"{"SecurityGroups":["sg-1"]}"#),
            .answer(204, ""), Self.mountTargets("deleting"),
            .answer(404, #"{"ErrorCode":"MountTargetNotFound","Message":"Mount target 'fsmt-1' does not exist."}"#),
        ])
        let clock = VirtualClock()
        let context = try Self.context(transport, clock: clock, progress: StatusLog())
        let planned = Value.object(["file_system_id": .string("fs-1"), "subnet_id": .string("subnet-1"), "security_groups": .stringSet(["sg-1"])])
        let created = try await EFSMountTargetResource().create(planned, in: context)
        #expect(created.string("id") == "fsmt-1")
        #expect(created.string("mount_target_dns_name") == "eu-west-1a.fs-1.efs.eu-west-1.amazonaws.com")
        #expect(created.string("file_system_arn") == "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-1")
        #expect(created.stringList("security_groups") == ["sg-1"])
        try await EFSMountTargetResource().delete(created, in: context)
        #expect(transport.requests.count == 8)
        #expect(clock.sleeps.count == 2, "one pause while creating, one while deleting")
    }
}
