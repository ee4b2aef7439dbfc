import Foundation
import Testing
import TestSupport

/// The aws_vpc, aws_subnets, aws_security_group and aws_ami data sources, checked against
/// what boto3 reports.
@Suite struct EC2DataSourceTests {
    static let configuration = """
    resource "aws_vpc" "ds" {
      cidr_block           = "10.73.0.0/16"
      enable_dns_hostnames = true
      tags                 = { Name = "ds-lifecycle", Suite = "datasources" }
    }
    resource "aws_subnet" "ds" {
      count             = 2
      vpc_id            = aws_vpc.ds.id
      cidr_block        = cidrsubnet(aws_vpc.ds.cidr_block, 8, count.index)
      availability_zone = "eu-west-1a"
      tags              = { Suite = "datasources-subnets" }
    }
    resource "aws_security_group" "ds" {
      name        = "ds-lifecycle"
      description = "data-sources"
      vpc_id      = aws_vpc.ds.id
      tags        = { Role = "ds" }
    }

    data "aws_vpc" "by_id" {
      id = aws_vpc.ds.id
    }
    data "aws_vpc" "by_tags" {
      tags       = { Name = "ds-lifecycle", Suite = "datasources" }
      depends_on = [aws_vpc.ds]
    }
    data "aws_vpc" "by_filter" {
      filter {
        name   = "cidr"
        values = ["10.73.0.0/16"]
      }
      filter {
        name   = "tag:Suite"
        values = ["datasources"]
      }
      depends_on = [aws_vpc.ds]
    }
    data "aws_vpc" "default" {
      default = true
    }
    data "aws_subnets" "in_vpc" {
      filter {
        name   = "vpc-id"
        values = [aws_vpc.ds.id]
      }
      depends_on = [aws_subnet.ds]
    }
    data "aws_subnets" "tagged" {
      tags       = { Suite = "datasources-subnets" }
      depends_on = [aws_subnet.ds]
    }
    data "aws_security_group" "by_name" {
      name   = "ds-lifecycle"
      vpc_id = aws_security_group.ds.vpc_id
    }
    data "aws_security_group" "by_id" {
      id = aws_security_group.ds.id
    }
    data "aws_ami" "nano" {
      owners = ["amazon"]
      filter {
        name   = "name"
        values = ["Windows_Server-2016-English-Nano-Base-2017.10.13"]
      }
    }
    data "aws_ami" "newest" {
      owners      = ["amazon"]
      most_recent = true
      name_regex  = "^Windows_Server-2016-English-Full"
    }

    output "vpc_by_id" { value = data.aws_vpc.by_id }
    output "vpc_by_tags" { value = data.aws_vpc.by_tags.id }
    output "vpc_by_filter" { value = data.aws_vpc.by_filter.id }
    output "vpc_default" { value = data.aws_vpc.default }
    output "subnets_in_vpc" { value = data.aws_subnets.in_vpc.ids }
    output "subnets_tagged" { value = data.aws_subnets.tagged.ids }
    output "sg_by_name" { value = data.aws_security_group.by_name }
    output "sg_by_id" { value = data.aws_security_group.by_id.id }
    output "ami_nano" { value = data.aws_ami.nano }
    output "ami_newest" { value = data.aws_ami.newest }
    """

    static func outputs(_ lifecycle: ResourceLifecycle) throws -> [String: Any] {
        let result = try lifecycle.prov.run("output", "-json")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        return document.compactMapValues { ($0 as? [String: Any])?["value"] }
    }

    @Test func readsMatchTheEmulator() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration)
        try lifecycle.expectNoChanges()
        let outputs = try Self.outputs(lifecycle)
        let vpcID = try #require(try lifecycle.attribute("aws_vpc.ds", "id") as? String)

        // aws_vpc, by id, tags, filter and default.
        let vpc = try #require(outputs["vpc_by_id"] as? [String: Any])
        let described = try #require((try lifecycle.oracle("ec2", "describe_vpcs", ["VpcIds": [vpcID]]).response?["Vpcs"] as? [[String: Any]])?.first)
        #expect(vpc["id"] as? String == vpcID)
        #expect(vpc["arn"] as? String == "arn:aws:ec2:eu-west-1:123456789012:vpc/\(vpcID)")
        #expect(vpc["cidr_block"] as? String == described["CidrBlock"] as? String)
        #expect(vpc["owner_id"] as? String == described["OwnerId"] as? String)
        #expect(vpc["dhcp_options_id"] as? String == described["DhcpOptionsId"] as? String)
        #expect(vpc["instance_tenancy"] as? String == described["InstanceTenancy"] as? String)
        #expect(vpc["state"] as? String == "available")
        #expect(vpc["default"] as? Bool == false)
        #expect(vpc["enable_dns_hostnames"] as? Bool == true)
        #expect(vpc["enable_dns_support"] as? Bool == true)
        #expect((vpc["tags"] as? [String: String]) == ["Name": "ds-lifecycle", "Suite": "datasources"])
        let association = (vpc["cidr_block_associations"] as? [[String: Any]])?.first
        let describedAssociation = (described["CidrBlockAssociationSet"] as? [[String: Any]])?.first
        #expect(association?["association_id"] as? String == describedAssociation?["AssociationId"] as? String)
        #expect(association?["cidr_block"] as? String == "10.73.0.0/16")
        let mainTable = (try lifecycle.oracle("ec2", "describe_route_tables", ["Filters": [["Name": "vpc-id", "Values": [vpcID]], ["Name": "association.main", "Values": ["true"]]]]).response?["RouteTables"] as? [[String: Any]])?.first
        #expect(vpc["main_route_table_id"] as? String == mainTable?["RouteTableId"] as? String)
        #expect(outputs["vpc_by_tags"] as? String == vpcID)
        #expect(outputs["vpc_by_filter"] as? String == vpcID)
        let defaultVPC = (try lifecycle.oracle("ec2", "describe_vpcs", ["Filters": [["Name": "isDefault", "Values": ["true"]]]]).response?["Vpcs"] as? [[String: Any]])?.first
        #expect((outputs["vpc_default"] as? [String: Any])?["id"] as? String == defaultVPC?["VpcId"] as? String)
        #expect((outputs["vpc_default"] as? [String: Any])?["default"] as? Bool == true)

        // aws_subnets.
        let subnets = (try lifecycle.oracle("ec2", "describe_subnets", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]]).response?["Subnets"] as? [[String: Any]] ?? []).compactMap { $0["SubnetId"] as? String }
        #expect(subnets.count == 2)
        #expect(Set(outputs["subnets_in_vpc"] as? [String] ?? []) == Set(subnets))
        #expect(Set(outputs["subnets_tagged"] as? [String] ?? []) == Set(subnets))

        // aws_security_group.
        let groupID = try #require(try lifecycle.attribute("aws_security_group.ds", "id") as? String)
        let group = try #require(outputs["sg_by_name"] as? [String: Any])
        #expect(group["id"] as? String == groupID)
        #expect(group["arn"] as? String == "arn:aws:ec2:eu-west-1:123456789012:security-group/\(groupID)")
        #expect(group["description"] as? String == "data-sources")
        #expect(group["vpc_id"] as? String == vpcID)
        #expect((group["tags"] as? [String: String]) == ["Role": "ds"])
        #expect(outputs["sg_by_id"] as? String == groupID)

        // aws_ami: one image by name, and the newest of several by name_regex.
        let nano = try #require(outputs["ami_nano"] as? [String: Any])
        let images = try lifecycle.oracle("ec2", "describe_images", ["Owners": ["amazon"]]).response?["Images"] as? [[String: Any]] ?? []
        let expected = try #require(images.first { $0["Name"] as? String == "Windows_Server-2016-English-Nano-Base-2017.10.13" })
        #expect(nano["id"] as? String == expected["ImageId"] as? String)
        #expect(nano["image_id"] as? String == expected["ImageId"] as? String)
        #expect(nano["arn"] as? String == "arn:aws:ec2:eu-west-1::image/\(expected["ImageId"] as? String ?? "")")
        #expect(nano["name"] as? String == expected["Name"] as? String)
        #expect(nano["architecture"] as? String == expected["Architecture"] as? String)
        #expect(nano["owner_id"] as? String == expected["OwnerId"] as? String)
        #expect(nano["root_device_name"] as? String == expected["RootDeviceName"] as? String)
        #expect(nano["root_device_type"] as? String == expected["RootDeviceType"] as? String)
        #expect(nano["virtualization_type"] as? String == expected["VirtualizationType"] as? String)
        #expect(nano["public"] as? Bool == expected["Public"] as? Bool)
        let expectedMapping = (expected["BlockDeviceMappings"] as? [[String: Any]])?.first
        let mapping = (nano["block_device_mappings"] as? [[String: Any]])?.first
        #expect(mapping?["device_name"] as? String == expectedMapping?["DeviceName"] as? String)
        let ebs = mapping?["ebs"] as? [String: String]
        let expectedEBS = expectedMapping?["Ebs"] as? [String: Any]
        #expect(ebs?["snapshot_id"] == expectedEBS?["SnapshotId"] as? String)
        #expect(ebs?["volume_size"] == (expectedEBS?["VolumeSize"] as? Int).map(String.init))
        #expect(ebs?["volume_type"] == expectedEBS?["VolumeType"] as? String)
        #expect(nano["root_snapshot_id"] as? String == expectedEBS?["SnapshotId"] as? String)
        #expect((nano["state_reason"] as? [String: String])?["code"] == "UNSET")

        let candidates = images.filter { ($0["Name"] as? String)?.hasPrefix("Windows_Server-2016-English-Full") == true }
        #expect(candidates.count > 1, "the emulator's images give most_recent several to choose from")
        let newest = candidates.reduce(candidates[0]) { best, image in
            (image["CreationDate"] as? String ?? "") > (best["CreationDate"] as? String ?? "") ? image : best
        }
        #expect((outputs["ami_newest"] as? [String: Any])?["id"] as? String == newest["ImageId"] as? String)

        try lifecycle.destroy()
    }

    /// What Terraform refuses: no match, several matches for a singular data source, and
    /// most_recent without saying whose images.
    @Test func refusesAmbiguousOrEmptyResults() throws {
        let lifecycle = try ResourceLifecycle()
        let cases: [(String, String)] = [
            ("data \"aws_vpc\" \"none\" {\n  cidr_block = \"10.74.0.0/16\"\n}", "no matching EC2 VPC found"),
            ("data \"aws_security_group\" \"none\" {\n  name = \"ds-no-such-group\"\n}", "no matching EC2 Security Group found"),
            ("data \"aws_ami\" \"many\" {\n  owners = [\"amazon\"]\n}", "Your query returned more than one result"),
            ("data \"aws_ami\" \"none\" {\n  owners     = [\"amazon\"]\n  name_regex = \"^no-such-image\"\n}", "Your query returned no results"),
            ("data \"aws_ami\" \"unsafe\" {\n  most_recent = true\n  name_regex  = \"^Windows\"\n}", "Most Recent Image Not Filtered"),
        ]
        for (configuration, message) in cases {
            try lifecycle.write(configuration)
            let plan = try lifecycle.plan()
            #expect(plan.status != 0, "\(configuration) should fail")
            #expect(plan.output.contains(message), "\(configuration):\n\(plan.output)")
        }
    }
}
