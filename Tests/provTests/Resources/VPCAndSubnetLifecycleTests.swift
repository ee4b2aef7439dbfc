import Foundation
import Testing
import TestSupport

/// aws_vpc and aws_subnet through their whole life, as every resource type is tested.
@Suite struct VPCAndSubnetLifecycleTests {
    static func configuration(tag: String, cidr: String = "10.71.0.0/16", dnsHostnames: Bool = false, publicIPs: Bool = false) -> String {
        """
        resource "aws_vpc" "main" {
          cidr_block           = "\(cidr)"
          enable_dns_hostnames = \(dnsHostnames)
          tags                 = { Name = "\(tag)" }
        }
        resource "aws_subnet" "main" {
          vpc_id                  = aws_vpc.main.id
          cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 4, 1)
          availability_zone       = "eu-west-1b"
          map_public_ip_on_launch = \(publicIPs)
          tags                    = { Name = "\(tag)-subnet" }
        }
        """
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration(tag: "lifecycle"))
        try lifecycle.expectNoChanges()
        let vpcID = try #require(try lifecycle.attribute("aws_vpc.main", "id") as? String)
        let subnetID = try #require(try lifecycle.attribute("aws_subnet.main", "id") as? String)
        #expect(try lifecycle.attribute("aws_vpc.main", "arn") as? String == "arn:aws:ec2:eu-west-1:123456789012:vpc/\(vpcID)")
        #expect(try lifecycle.attribute("aws_vpc.main", "main_route_table_id") as? String != nil)
        #expect(try lifecycle.attribute("aws_subnet.main", "cidr_block") as? String == "10.71.16.0/20")

        // Update in place: DNS hostnames, public IPs, tags.
        try lifecycle.apply(Self.configuration(tag: "renamed", dnsHostnames: true, publicIPs: true))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_vpc.main", "id") as? String == vpcID)
        let attribute = try lifecycle.oracle("ec2", "describe_vpc_attribute", ["VpcId": vpcID, "Attribute": "enableDnsHostnames"])
        #expect((attribute.response?["EnableDnsHostnames"] as? [String: Any])?["Value"] as? Bool == true)
        let subnet = (try lifecycle.oracle("ec2", "describe_subnets", ["SubnetIds": [subnetID]]).response?["Subnets"] as? [[String: Any]])?.first
        #expect(subnet?["MapPublicIpOnLaunch"] as? Bool == true)
        #expect(QuickstartEndToEndTests.tags(subnet ?? [:])["Name"] == "renamed-subnet")

        try lifecycle.reimport("aws_vpc.main", id: vpcID)
        try lifecycle.reimport("aws_subnet.main", id: subnetID)

        // Replace: a new CIDR block means a new VPC, and the subnet follows.
        try lifecycle.apply(Self.configuration(tag: "renamed", cidr: "10.72.0.0/16", dnsHostnames: true, publicIPs: true))
        #expect(try lifecycle.attribute("aws_vpc.main", "id") as? String != vpcID)
        try lifecycle.destroy()
        let gone = try lifecycle.oracle("ec2", "describe_vpcs", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]])
        #expect((gone.response?["Vpcs"] as? [Any])?.isEmpty == true)
    }
}
