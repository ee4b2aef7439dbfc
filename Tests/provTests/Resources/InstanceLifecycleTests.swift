import Foundation
import Testing
import TestSupport

/// aws_instance through its whole life on a VPC of its own: launched with networking, a key,
/// block devices, metadata options and tags; changed in place (instance type with a stop and
/// start, security groups, an added instance profile, source/dest check, termination
/// protection, metadata options, root volume size, tags, volume tags); replaced on a user data
/// change with `user_data_replace_on_change`; launched from a launch template; re-imported by
/// id; destroyed despite termination protection with `force_destroy`. The instance profile
/// belongs to another family and is made through the oracle.
///
/// Left out because the emulator lacks them: changing monitoring (no Unmonitor/MonitorInstances),
/// changing user data in place (its ModifyInstanceAttribute decodes the user data twice), and
/// replacing an instance profile association (DescribeInstances keeps showing the old one).
@Suite struct InstanceLifecycleTests {
    struct Settings {
        var instanceType = "t3.micro"
        var group = "aws_security_group.a.id"
        var profile = "null"
        var sourceDestCheck = false
        var protected = false
        var tokens = "required"
        var hopLimit = 1
        var rootSize = 10
        var tier = "a"
        var workerGreeting = "one"
        var volumeTeam = "a"
    }

    static let publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILkqAiV4lPseQMJ6aH/6MKzG+HaH7te50+ddMHy2JDfF prov-inst"

    static func configuration(ami: String, _ settings: Settings = Settings()) -> String {
        """
        resource "aws_vpc" "inst" {
          cidr_block = "10.88.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.inst.id
          cidr_block        = "10.88.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_security_group" "a" {
          name   = "prov-inst-a"
          vpc_id = aws_vpc.inst.id
        }
        resource "aws_security_group" "b" {
          name   = "prov-inst-b"
          vpc_id = aws_vpc.inst.id
        }
        resource "aws_key_pair" "inst" {
          key_name   = "prov-inst-key"
          public_key = "\(publicKey)"
        }
        resource "aws_instance" "web" {
          ami                         = "\(ami)"
          instance_type               = "\(settings.instanceType)"
          subnet_id                   = aws_subnet.a.id
          vpc_security_group_ids      = [\(settings.group)]
          key_name                    = aws_key_pair.inst.key_name
          iam_instance_profile        = \(settings.profile)
          associate_public_ip_address = true
          private_ip                  = "10.88.1.10"
          source_dest_check           = \(settings.sourceDestCheck)
          monitoring                  = true
          disable_api_termination     = \(settings.protected)
          force_destroy               = true
          user_data                   = "#!/bin/sh\\necho web"
          metadata_options {
            http_endpoint               = "enabled"
            http_tokens                 = "\(settings.tokens)"
            http_put_response_hop_limit = \(settings.hopLimit)
          }
          credit_specification {
            cpu_credits = "standard"
          }
          root_block_device {
            volume_size = \(settings.rootSize)
            volume_type = "gp3"
            tags        = { Disk = "root" }
          }
          ebs_block_device {
            device_name = "/dev/sdf"
            volume_size = 5
          }
          tags = {
            Name = "prov-inst-web"
            Tier = "\(settings.tier)"
          }
        }
        resource "aws_instance" "worker" {
          ami                         = "\(ami)"
          instance_type               = "t2.micro"
          subnet_id                   = aws_subnet.a.id
          user_data                   = "echo \(settings.workerGreeting)"
          user_data_replace_on_change = true
          volume_tags                 = { Team = "\(settings.volumeTeam)" }
          tags                        = { Name = "prov-inst-worker" }
        }
        resource "aws_launch_template" "inst" {
          name          = "prov-inst-template"
          image_id      = "\(ami)"
          instance_type = "t3.micro"
        }
        resource "aws_instance" "templated" {
          subnet_id = aws_subnet.a.id
          launch_template {
            id      = aws_launch_template.inst.id
            version = "$Latest"
          }
        }
        """
    }

    /// The instances and their volumes as the oracle sees them, asked in one Python run.
    struct Seen {
        var instances: [String: [String: Any]] = [:]
        var volumes: [String: [String: Any]] = [:]
        var attributes: [String: Any] = [:]

        init(_ lifecycle: ResourceLifecycle, instances ids: [String], attributesOf attributeInstance: String? = nil) throws {
            var calls = [
                MotoServer.OracleCall("ec2", "describe_instances", ["InstanceIds": ids], region: lifecycle.region),
                MotoServer.OracleCall("ec2", "describe_volumes", ["Filters": [["Name": "attachment.instance-id", "Values": ids]]], region: lifecycle.region),
            ]
            let attributeNames = ["disableApiTermination", "sourceDestCheck", "userData"]
            if let attributeInstance {
                calls += attributeNames.map { .init("ec2", "describe_instance_attribute", ["InstanceId": attributeInstance, "Attribute": $0], region: lifecycle.region) }
            }
            let answers = try lifecycle.server.oracle(calls)
            for reservation in answers[0].response?["Reservations"] as? [[String: Any]] ?? [] {
                for instance in reservation["Instances"] as? [[String: Any]] ?? [] {
                    if let id = instance["InstanceId"] as? String { instances[id] = instance }
                }
            }
            for volume in answers[1].response?["Volumes"] as? [[String: Any]] ?? [] {
                if let id = volume["VolumeId"] as? String { volumes[id] = volume }
            }
            for answer in answers.dropFirst(2) {
                for (key, value) in answer.response ?? [:] where key != "InstanceId" { attributes[key] = (value as? [String: Any])?["Value"] }
            }
        }

        func tags(_ item: [String: Any]?) -> [String: String] {
            UserTags.of(Dictionary((item?["Tags"] as? [[String: Any]] ?? []).compactMap { tag in
                (tag["Key"] as? String).map { ($0, tag["Value"] as? String ?? "") }
            }, uniquingKeysWith: { a, _ in a })) ?? [:]
        }

        func state(_ id: String) -> String? {
            (instances[id]?["State"] as? [String: Any])?["Name"] as? String
        }

        func groups(_ id: String) -> [String] {
            let interfaces = instances[id]?["NetworkInterfaces"] as? [[String: Any]] ?? []
            return (interfaces.first?["Groups"] as? [[String: Any]] ?? []).compactMap { $0["GroupId"] as? String }
        }

        func volume(of id: String, device: String) -> [String: Any]? {
            let mappings = instances[id]?["BlockDeviceMappings"] as? [[String: Any]] ?? []
            guard let volumeID = (mappings.first { $0["DeviceName"] as? String == device }?["Ebs"] as? [String: Any])?["VolumeId"] as? String else { return nil }
            return volumes[volumeID]
        }
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        let setup = try lifecycle.server.oracle([
            .init("ec2", "describe_images", ["Filters": [["Name": "name", "Values": [EC2TestImages.ubuntuName]]]], region: lifecycle.region),
            .init("iam", "create_instance_profile", ["InstanceProfileName": "prov-inst-profile"], region: lifecycle.region),
        ])
        let ami = try #require((setup[0].response?["Images"] as? [[String: Any]])?.first?["ImageId"] as? String)
        defer { _ = try? lifecycle.oracle("iam", "delete_instance_profile", ["InstanceProfileName": "prov-inst-profile"]) }

        try lifecycle.apply(Self.configuration(ami: ami))
        try lifecycle.expectNoChanges()
        let web = try #require(try lifecycle.values("aws_instance.web"))
        let webID = try #require(web["id"] as? String)
        let workerID = try #require(try lifecycle.attribute("aws_instance.worker", "id") as? String)
        let templated = try #require(try lifecycle.values("aws_instance.templated"))
        let templatedID = try #require(templated["id"] as? String)
        let groupA = try #require(try lifecycle.attribute("aws_security_group.a", "id") as? String)
        let groupB = try #require(try lifecycle.attribute("aws_security_group.b", "id") as? String)
        var seen = try Seen(lifecycle, instances: [webID, workerID, templatedID], attributesOf: webID)

        // What was launched, as state and the oracle see it.
        let instance = try #require(seen.instances[webID])
        #expect(seen.state(webID) == "running" && web["instance_state"] as? String == "running")
        #expect(web["arn"] as? String == "arn:aws:ec2:eu-west-1:123456789012:instance/\(webID)")
        #expect(instance["InstanceType"] as? String == "t3.micro")
        #expect(instance["KeyName"] as? String == "prov-inst-key")
        #expect(instance["PrivateIpAddress"] as? String == "10.88.1.10" && web["private_ip"] as? String == "10.88.1.10")
        #expect(web["public_ip"] as? String == instance["PublicIpAddress"] as? String && !(web["public_ip"] as? String ?? "").isEmpty)
        #expect(web["public_dns"] as? String == instance["PublicDnsName"] as? String)
        #expect(web["private_dns"] as? String == "ip-10-88-1-10.eu-west-1.compute.internal")
        let primaryInterface = ((instance["NetworkInterfaces"] as? [[String: Any]])?.first?["NetworkInterfaceId"] as? String)
        #expect(web["primary_network_interface_id"] as? String == primaryInterface && primaryInterface != nil)
        #expect(seen.groups(webID) == [groupA])
        #expect((instance["Monitoring"] as? [String: Any])?["State"] as? String == "enabled")
        #expect(((instance["MetadataOptions"] as? [String: Any])?["HttpTokens"] as? String) == "required")
        #expect(seen.tags(instance) == ["Name": "prov-inst-web", "Tier": "a"])
        #expect(seen.attributes["SourceDestCheck"] as? Bool == false)
        #expect(seen.attributes["DisableApiTermination"] as? Bool == false)
        #expect(seen.attributes["UserData"] as? String == Data("#!/bin/sh\necho web".utf8).base64EncodedString())
        #expect(web["user_data"] as? String == "3585984d2a549888e62f44e6e45b7e80a80a9bc4")
        let root = try #require(seen.volume(of: webID, device: "/dev/sda1"))
        #expect(root["Size"] as? Int == 10 && root["VolumeType"] as? String == "gp3")
        #expect(seen.tags(root) == ["Disk": "root"])
        #expect(((web["root_block_device"] as? [[String: Any]])?.first?["volume_id"] as? String) == root["VolumeId"] as? String)
        #expect(seen.volume(of: webID, device: "/dev/sdf")?["Size"] as? Int == 5)
        #expect(seen.tags(seen.volume(of: workerID, device: "/dev/sda1")) == ["Team": "a"])

        // The instance launched from the template: its template read back from AWS's tags.
        let templateID = try #require(try lifecycle.attribute("aws_launch_template.inst", "id") as? String)
        let link = try #require((templated["launch_template"] as? [[String: Any]])?.first)
        #expect(link["id"] as? String == templateID && link["name"] as? String == "prov-inst-template" && link["version"] as? String == "$Latest")
        #expect(seen.instances[templatedID]?["ImageId"] as? String == ami)

        // In place: instance type (stopped and started), groups, an added profile, checks,
        // protection, metadata options, root volume size, tags and volume tags.
        var changed = Settings()
        changed.instanceType = "t3.small"
        changed.group = "aws_security_group.b.id"
        changed.profile = "\"prov-inst-profile\""
        changed.sourceDestCheck = true
        changed.protected = true
        changed.tokens = "optional"
        changed.hopLimit = 2
        changed.rootSize = 12
        changed.tier = "b"
        changed.volumeTeam = "b"
        try lifecycle.apply(Self.configuration(ami: ami, changed))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_instance.web", "id") as? String == webID)
        #expect(try lifecycle.attribute("aws_instance.worker", "id") as? String == workerID)
        seen = try Seen(lifecycle, instances: [webID, workerID], attributesOf: webID)
        let updated = try #require(seen.instances[webID])
        #expect(updated["InstanceType"] as? String == "t3.small" && seen.state(webID) == "running")
        #expect(seen.groups(webID) == [groupB])
        #expect(((updated["IamInstanceProfile"] as? [String: Any])?["Arn"] as? String)?.hasSuffix("instance-profile/prov-inst-profile") == true)
        #expect(seen.attributes["SourceDestCheck"] as? Bool == true)
        #expect(seen.attributes["DisableApiTermination"] as? Bool == true)
        #expect(((updated["MetadataOptions"] as? [String: Any])?["HttpTokens"] as? String) == "optional")
        #expect(((updated["MetadataOptions"] as? [String: Any])?["HttpPutResponseHopLimit"] as? Int) == 2)
        #expect(seen.volume(of: webID, device: "/dev/sda1")?["Size"] as? Int == 12)
        #expect(seen.tags(updated) == ["Name": "prov-inst-web", "Tier": "b"])
        #expect(seen.tags(seen.volume(of: workerID, device: "/dev/sda1")) == ["Team": "b"])

        // Replacement: new user data with user_data_replace_on_change.
        changed.workerGreeting = "two"
        try lifecycle.apply(Self.configuration(ami: ami, changed))
        try lifecycle.expectNoChanges()
        let newWorkerID = try #require(try lifecycle.attribute("aws_instance.worker", "id") as? String)
        #expect(newWorkerID != workerID)
        seen = try Seen(lifecycle, instances: [workerID, newWorkerID], attributesOf: newWorkerID)
        #expect(seen.state(workerID) == "terminated" && seen.state(newWorkerID) == "running")
        #expect(seen.attributes["UserData"] as? String == Data("echo two".utf8).base64EncodedString())

        // Import by id: what only the configuration knows is applied again afterwards.
        try lifecycle.reimport("aws_instance.web", id: webID, configurationOnly: ["force_destroy"])
        try lifecycle.reimport("aws_instance.worker", id: newWorkerID, configurationOnly: ["user_data_replace_on_change", "volume_tags"])

        // Termination protection is on; force_destroy turns it off to terminate.
        try lifecycle.destroy()
        seen = try Seen(lifecycle, instances: [webID, newWorkerID, templatedID])
        #expect(seen.state(webID) == "terminated" && seen.state(newWorkerID) == "terminated" && seen.state(templatedID) == "terminated")
    }
}
