import Foundation
import Testing
import TestSupport

/// aws_launch_template through its whole life: created with most of its settings, changed (a
/// new version that becomes the default), replaced by a new name, re-imported by id,
/// destroyed. The emulator does not tag launch templates through CreateTags, so tags are only
/// checked as set at creation.
@Suite struct LaunchTemplateLifecycleTests {
    static func configuration(ami: String, name: String = "prov-asglc-web", instanceType: String = "t3.micro", description: String = "first") -> String {
        """
        resource "aws_vpc" "lt" {
          cidr_block = "10.85.0.0/16"
        }
        resource "aws_subnet" "lt" {
          vpc_id            = aws_vpc.lt.id
          cidr_block        = "10.85.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_security_group" "lt" {
          name   = "prov-asglc-lt"
          vpc_id = aws_vpc.lt.id
        }
        resource "aws_launch_template" "web" {
          name                   = "\(name)"
          description            = "\(description)"
          image_id               = "\(ami)"
          instance_type          = "\(instanceType)"
          key_name               = "prov-asglc-lt-key"
          user_data              = base64encode("#!/bin/sh\\necho hello")
          ebs_optimized          = true
          update_default_version = true
          iam_instance_profile {
            name = "prov-asglc-lt-profile"
          }
          block_device_mappings {
            device_name = "/dev/sda1"
            ebs {
              volume_size           = 20
              volume_type           = "gp3"
              delete_on_termination = true
              encrypted             = false
            }
          }
          network_interfaces {
            device_index                = 0
            associate_public_ip_address = true
            delete_on_termination       = true
            subnet_id                   = aws_subnet.lt.id
            security_groups             = [aws_security_group.lt.id]
          }
          monitoring {
            enabled = true
          }
          metadata_options {
            http_endpoint               = "enabled"
            http_tokens                 = "required"
            http_put_response_hop_limit = 2
          }
          tag_specifications {
            resource_type = "instance"
            tags          = { Name = "web" }
          }
          tag_specifications {
            resource_type = "volume"
            tags          = { Name = "web-volume" }
          }
          placement {
            tenancy = "default"
          }
          credit_specification {
            cpu_credits = "standard"
          }
          maintenance_options {
            auto_recovery = "default"
          }
          tags = { Team = "a" }
        }
        resource "aws_launch_template" "generated" {
          name_prefix            = "prov-asglc-gen-"
          image_id               = "\(ami)"
          instance_type          = "t3.nano"
          vpc_security_group_ids = [aws_security_group.lt.id]
        }
        """
    }

    static func template(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [String: Any]? {
        let response = try lifecycle.oracle("ec2", "describe_launch_templates", ["LaunchTemplateIds": [id]]).response
        return (response?["LaunchTemplates"] as? [[String: Any]])?.first
    }

    static func data(_ lifecycle: ResourceLifecycle, _ id: String, version: String) throws -> [String: Any]? {
        let response = try lifecycle.oracle("ec2", "describe_launch_template_versions", ["LaunchTemplateId": id, "Versions": [version]]).response
        return (response?["LaunchTemplateVersions"] as? [[String: Any]])?.first?["LaunchTemplateData"] as? [String: Any]
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        let ami = try EC2TestImages.ubuntu(lifecycle)
        try lifecycle.apply(Self.configuration(ami: ami))
        try lifecycle.expectNoChanges()
        let values = try #require(try lifecycle.values("aws_launch_template.web"))
        let id = try #require(values["id"] as? String)
        #expect(values["arn"] as? String == "arn:aws:ec2:eu-west-1:123456789012:launch-template/\(id)")
        #expect(values["latest_version"] as? Int == 1)
        #expect(values["default_version"] as? Int == 1)
        #expect(values["ebs_optimized"] as? String == "true")
        let remote = try #require(try Self.template(lifecycle, id))
        #expect(remote["LaunchTemplateName"] as? String == "prov-asglc-web")
        #expect(UserTags.of(remote["Tags"] as? [[String: String]]) == [["Key": "Team", "Value": "a"]])
        let data = try #require(try Self.data(lifecycle, id, version: "1"))
        #expect(data["ImageId"] as? String == ami)
        #expect(data["InstanceType"] as? String == "t3.micro")
        #expect(data["KeyName"] as? String == "prov-asglc-lt-key")
        #expect(data["UserData"] as? String == Data("#!/bin/sh\necho hello".utf8).base64EncodedString())
        #expect((data["IamInstanceProfile"] as? [String: Any])?["Name"] as? String == "prov-asglc-lt-profile")
        let mapping = (data["BlockDeviceMappings"] as? [[String: Any]])?.first
        #expect(mapping?["DeviceName"] as? String == "/dev/sda1")
        #expect((mapping?["Ebs"] as? [String: Any])?["VolumeSize"] as? Int == 20)
        let interface = (data["NetworkInterfaces"] as? [[String: Any]])?.first
        #expect(interface?["AssociatePublicIpAddress"] as? Bool == true)
        #expect(interface?["SubnetId"] as? String == (try lifecycle.attribute("aws_subnet.lt", "id") as? String))
        #expect((data["MetadataOptions"] as? [String: Any])?["HttpTokens"] as? String == "required")
        #expect((data["Monitoring"] as? [String: Any])?["Enabled"] as? Bool == true)
        #expect((data["CreditSpecification"] as? [String: Any])?["CpuCredits"] as? String == "standard")
        let instanceTags = (data["TagSpecifications"] as? [[String: Any]])?.first { $0["ResourceType"] as? String == "instance" }
        #expect(instanceTags?["Tags"] as? [[String: String]] == [["Key": "Name", "Value": "web"]])
        let generatedName = try #require(try lifecycle.attribute("aws_launch_template.generated", "name") as? String)
        #expect(generatedName.hasPrefix("prov-asglc-gen-"))
        let generatedID = try #require(try lifecycle.attribute("aws_launch_template.generated", "id") as? String)
        let groupID = try #require(try lifecycle.attribute("aws_security_group.lt", "id") as? String)
        #expect(try Self.data(lifecycle, generatedID, version: "1")?["SecurityGroupIds"] as? [String] == [groupID])

        // In place: a new version, made the default.
        try lifecycle.apply(Self.configuration(ami: ami, instanceType: "t3.small", description: "second"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_launch_template.web", "id") as? String == id)
        #expect(try lifecycle.attribute("aws_launch_template.web", "latest_version") as? Int == 2)
        #expect(try lifecycle.attribute("aws_launch_template.web", "default_version") as? Int == 2)
        #expect(try lifecycle.attribute("aws_launch_template.web", "description") as? String == "second")
        #expect(try Self.template(lifecycle, id)?["DefaultVersionNumber"] as? Int == 2)
        #expect(try Self.data(lifecycle, id, version: "2")?["InstanceType"] as? String == "t3.small")

        // Replacement: a new name.
        try lifecycle.apply(Self.configuration(ami: ami, name: "prov-asglc-web2", instanceType: "t3.small", description: "second"))
        try lifecycle.expectNoChanges()
        let replaced = try #require(try lifecycle.attribute("aws_launch_template.web", "id") as? String)
        #expect(replaced != id)
        #expect(try Self.template(lifecycle, id) == nil)

        try lifecycle.reimport("aws_launch_template.web", id: replaced, configurationOnly: ["update_default_version"])
        try lifecycle.reimport("aws_launch_template.generated", id: generatedID)

        try lifecycle.destroy()
        #expect(try Self.template(lifecycle, replaced) == nil)
        #expect(try Self.template(lifecycle, generatedID) == nil)
    }
}
