import Foundation
import Testing
import TestSupport

/// aws_efs_file_system and aws_efs_mount_target through their whole life.
///
/// On the emulator that does not check signatures: the one that does rejects EFS's GET and
/// DELETE requests (an emulator bug). The VPC, subnets and security groups are made through
/// boto3, as other families own those types.
@Suite struct EFSLifecycleTests {
    struct Network {
        var subnets: [String]
        var groups: [String]
    }

    struct Settings {
        var token = "prov-stlc-efs-1"
        var owner = "a"
        var secondPolicy = false
        var subnet = 0
        var group = 0
    }

    /// A VPC with subnets in two zones and two security groups.
    static func network(_ lifecycle: ResourceLifecycle) throws -> Network {
        let vpc = try #require(try lifecycle.oracle("ec2", "create_vpc", ["CidrBlock": "10.207.0.0/16"]).response?["Vpc"] as? [String: Any])
        let vpcID = try #require(vpc["VpcId"] as? String)
        let calls: [MotoServer.OracleCall] = [
            .init("ec2", "create_subnet", ["VpcId": vpcID, "CidrBlock": "10.207.1.0/24", "AvailabilityZone": "eu-west-1a"], region: lifecycle.region),
            .init("ec2", "create_subnet", ["VpcId": vpcID, "CidrBlock": "10.207.2.0/24", "AvailabilityZone": "eu-west-1b"], region: lifecycle.region),
            .init("ec2", "create_security_group", ["VpcId": vpcID, "GroupName": "prov-stlc-efs-a", "Description": "efs a"], region: lifecycle.region),
            .init("ec2", "create_security_group", ["VpcId": vpcID, "GroupName": "prov-stlc-efs-b", "Description": "efs b"], region: lifecycle.region),
        ]
        let results = try lifecycle.server.oracle(calls).map { try #require($0.response) }
        return Network(
            subnets: try results[0...1].map { try #require(($0["Subnet"] as? [String: Any])?["SubnetId"] as? String) },
            groups: try results[2...3].map { try #require($0["GroupId"] as? String) })
    }

    static func configuration(_ settings: Settings, _ network: Network) -> String {
        """
        resource "aws_efs_file_system" "main" {
          creation_token   = "\(settings.token)"
          encrypted        = true
          performance_mode = "generalPurpose"
          lifecycle_policy {
            transition_to_ia = "AFTER_30_DAYS"
          }
          \(settings.secondPolicy ? "lifecycle_policy {\n    transition_to_primary_storage_class = \"AFTER_1_ACCESS\"\n  }" : "")
          tags = { Name = "prov-stlc-efs", Owner = "\(settings.owner)" }
        }
        resource "aws_efs_file_system" "generated" {
        }
        resource "aws_efs_mount_target" "main" {
          file_system_id  = aws_efs_file_system.main.id
          subnet_id       = "\(network.subnets[settings.subnet])"
          security_groups = ["\(network.groups[settings.group])"]
        }
        """
    }

    static func fileSystem(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [String: Any]? {
        let response = try lifecycle.oracle("efs", "describe_file_systems", ["FileSystemId": id]).response
        return (response?["FileSystems"] as? [[String: Any]])?.first
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle(enforceSignatures: false)
        let network = try Self.network(lifecycle)
        var settings = Settings()
        try lifecycle.apply(Self.configuration(settings, network))
        try lifecycle.expectNoChanges()

        let fileSystem = try #require(try lifecycle.values("aws_efs_file_system.main"))
        let id = try #require(fileSystem["id"] as? String)
        #expect(fileSystem["dns_name"] as? String == "\(id).efs.eu-west-1.amazonaws.com")
        #expect((fileSystem["arn"] as? String)?.hasSuffix(":file-system/\(id)") == true)
        #expect(fileSystem["name"] as? String == "prov-stlc-efs")
        #expect(fileSystem["throughput_mode"] as? String == "bursting")
        #expect(fileSystem["encrypted"] as? Bool == true)
        #expect(((fileSystem["size_in_bytes"] as? [[String: Any]])?.first?["value"]) as? Int == 0)
        let remote = try #require(try Self.fileSystem(lifecycle, id))
        #expect(remote["CreationToken"] as? String == "prov-stlc-efs-1")
        #expect(remote["PerformanceMode"] as? String == "generalPurpose")
        #expect(remote["Encrypted"] as? Bool == true)
        let policies = try lifecycle.oracle("efs", "describe_lifecycle_configuration", ["FileSystemId": id]).response?["LifecyclePolicies"] as? [[String: String]]
        #expect(policies == [["TransitionToIA": "AFTER_30_DAYS"]])
        let generatedToken = try #require(try lifecycle.attribute("aws_efs_file_system.generated", "creation_token") as? String)
        #expect(generatedToken.hasPrefix("terraform-") && generatedToken.count == "terraform-".count + 26)

        let target = try #require(try lifecycle.values("aws_efs_mount_target.main"))
        let targetID = try #require(target["id"] as? String)
        #expect(target["availability_zone_name"] as? String == "eu-west-1a")
        #expect(target["mount_target_dns_name"] as? String == "eu-west-1a.\(id).efs.eu-west-1.amazonaws.com")
        #expect(target["dns_name"] as? String == "\(id).efs.eu-west-1.amazonaws.com")
        #expect(target["ip_address_type"] as? String == "IPV4_ONLY")
        let remoteTarget = try #require((try lifecycle.oracle("efs", "describe_mount_targets", ["MountTargetId": targetID]).response?["MountTargets"] as? [[String: Any]])?.first)
        #expect(remoteTarget["SubnetId"] as? String == network.subnets[0])
        #expect(remoteTarget["IpAddress"] as? String == target["ip_address"] as? String)
        #expect(remoteTarget["NetworkInterfaceId"] as? String == target["network_interface_id"] as? String)

        // In place: lifecycle policies, tags and the mount target's security groups.
        settings.owner = "b"
        settings.secondPolicy = true
        settings.group = 1
        try lifecycle.apply(Self.configuration(settings, network))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_efs_file_system.main", "id") as? String == id)
        #expect(try lifecycle.attribute("aws_efs_mount_target.main", "id") as? String == targetID)
        let changedPolicies = try lifecycle.oracle("efs", "describe_lifecycle_configuration", ["FileSystemId": id]).response?["LifecyclePolicies"] as? [[String: String]]
        #expect(changedPolicies == [["TransitionToIA": "AFTER_30_DAYS"], ["TransitionToPrimaryStorageClass": "AFTER_1_ACCESS"]])
        let tags = UserTags.of(try lifecycle.oracle("efs", "list_tags_for_resource", ["ResourceId": id]).response?["Tags"] as? [[String: String]]) ?? []
        #expect(Set(tags.map { "\($0["Key"] ?? "")=\($0["Value"] ?? "")" }) == ["Name=prov-stlc-efs", "Owner=b"])
        let groups = try lifecycle.oracle("efs", "describe_mount_target_security_groups", ["MountTargetId": targetID]).response?["SecurityGroups"] as? [String]
        #expect(groups == [network.groups[1]])

        try lifecycle.reimport("aws_efs_file_system.main", id: id)
        try lifecycle.reimport("aws_efs_mount_target.main", id: targetID)

        // A new creation token replaces the file system, and so its mount target (moved to
        // the other subnet): the target goes first, then the file system.
        settings.token = "prov-stlc-efs-2"
        settings.subnet = 1
        try lifecycle.apply(Self.configuration(settings, network))
        try lifecycle.expectNoChanges()
        let newID = try #require(try lifecycle.attribute("aws_efs_file_system.main", "id") as? String)
        #expect(newID != id)
        #expect(try lifecycle.attribute("aws_efs_mount_target.main", "id") as? String != targetID)
        #expect(try lifecycle.attribute("aws_efs_mount_target.main", "availability_zone_name") as? String == "eu-west-1b")
        if case .ok = try lifecycle.oracle("efs", "describe_file_systems", ["FileSystemId": id]) {
            Issue.record("the replaced file system \(id) still exists")
        }

        try lifecycle.destroy()
        if case .ok = try lifecycle.oracle("efs", "describe_file_systems", ["FileSystemId": newID]) {
            Issue.record("file system \(newID) still exists")
        }
        let left = try lifecycle.oracle("efs", "describe_file_systems", ["CreationToken": generatedToken]).response?["FileSystems"] as? [Any]
        #expect(left?.isEmpty == true, "the file system with the generated token still exists")
    }
}
