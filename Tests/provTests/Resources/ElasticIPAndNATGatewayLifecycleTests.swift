import Foundation
import Testing
import TestSupport

/// aws_eip and aws_nat_gateway (public and private) through their whole life.
@Suite struct ElasticIPAndNATGatewayLifecycleTests {
    static let network = """
        resource "aws_vpc" "main" {
          cidr_block = "10.204.0.0/16"
          tags       = { Name = "nat-lifecycle" }
        }
        resource "aws_subnet" "public" {
          vpc_id            = aws_vpc.main.id
          cidr_block        = "10.204.0.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_subnet" "private" {
          count             = 2
          vpc_id            = aws_vpc.main.id
          cidr_block        = "10.204.${count.index + 1}.0/24"
          availability_zone = "eu-west-1b"
        }
        resource "aws_internet_gateway" "main" {
          vpc_id = aws_vpc.main.id
        }

        """

    /// `interface` is the network interface the spare address is associated with; `address`
    /// asks for a particular public address (which forces a new allocation).
    static func configuration(tag: String, interface: String, privateSubnet: Int, address: String? = nil) -> String {
        network + """
        resource "aws_eip" "nat" {
          domain     = "vpc"
          tags       = { Name = "\(tag)-nat" }
          depends_on = [aws_internet_gateway.main]
        }
        resource "aws_eip" "spare" {
          domain            = "vpc"
          network_interface = "\(interface)"
          \(address.map { "address = \"\($0)\"" } ?? "")
          tags              = { Name = "\(tag)-spare" }
          depends_on        = [aws_internet_gateway.main]
        }
        resource "aws_nat_gateway" "public" {
          allocation_id = aws_eip.nat.id
          subnet_id     = aws_subnet.public.id
          tags          = { Name = "\(tag)-public" }
          depends_on    = [aws_internet_gateway.main]
        }
        resource "aws_nat_gateway" "private" {
          connectivity_type = "private"
          subnet_id         = aws_subnet.private[\(privateSubnet)].id
          tags              = { Name = "\(tag)-private" }
        }
        """
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        // Two network interfaces made outside prov, for the spare address to move between.
        try lifecycle.apply(Self.network)
        let subnetID = try #require(try lifecycle.attribute("aws_subnet.public", "id") as? String)
        let interfaces = try (0..<2).map { _ in
            try #require((try lifecycle.oracle("ec2", "create_network_interface", ["SubnetId": subnetID]).response?["NetworkInterface"] as? [String: Any])?["NetworkInterfaceId"] as? String)
        }

        try lifecycle.apply(Self.configuration(tag: "nat-first", interface: interfaces[0], privateSubnet: 0))
        try lifecycle.expectNoChanges()
        let natEIP = try #require(try lifecycle.values("aws_eip.nat"))
        let allocationID = try #require(natEIP["id"] as? String)
        let publicIP = try #require(natEIP["public_ip"] as? String)
        #expect(allocationID.hasPrefix("eipalloc-"))
        #expect(natEIP["allocation_id"] as? String == allocationID)
        #expect(natEIP["domain"] as? String == "vpc")
        #expect(natEIP["arn"] as? String == "arn:aws:ec2:eu-west-1:123456789012:elastic-ip/\(allocationID)")
        #expect(natEIP["public_dns"] as? String == "ec2-\(publicIP.replacingOccurrences(of: ".", with: "-")).eu-west-1.compute.amazonaws.com")

        let spareID = try #require(try lifecycle.attribute("aws_eip.spare", "id") as? String)
        let spare = try #require(try address(lifecycle, spareID))
        #expect(spare["NetworkInterfaceId"] as? String == interfaces[0])
        let associationID = try #require(spare["AssociationId"] as? String)
        #expect(try lifecycle.attribute("aws_eip.spare", "association_id") as? String == associationID)
        #expect(try lifecycle.attribute("aws_eip.spare", "private_ip") as? String == spare["PrivateIpAddress"] as? String)

        let publicNAT = try #require(try lifecycle.values("aws_nat_gateway.public"))
        let publicNATID = try #require(publicNAT["id"] as? String)
        let described = try #require(try natGateway(lifecycle, publicNATID))
        #expect(described["State"] as? String == "available")
        #expect(described["SubnetId"] as? String == subnetID)
        let natAddress = try #require((described["NatGatewayAddresses"] as? [[String: Any]])?.first)
        #expect(natAddress["AllocationId"] as? String == allocationID)
        #expect(publicNAT["allocation_id"] as? String == allocationID)
        #expect(publicNAT["public_ip"] as? String == publicIP)
        #expect(publicNAT["connectivity_type"] as? String == "public")
        #expect(publicNAT["network_interface_id"] as? String == natAddress["NetworkInterfaceId"] as? String)
        #expect(publicNAT["private_ip"] as? String == natAddress["PrivateIp"] as? String)
        let privateNATID = try #require(try lifecycle.attribute("aws_nat_gateway.private", "id") as? String)
        #expect(try natGateway(lifecycle, privateNATID)?["ConnectivityType"] as? String == "private")
        #expect(try lifecycle.attribute("aws_nat_gateway.private", "public_ip") as? String == "")

        // In place: the spare address moves to the other interface; tags change everywhere.
        try lifecycle.apply(Self.configuration(tag: "nat-second", interface: interfaces[1], privateSubnet: 0))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_eip.spare", "id") as? String == spareID)
        #expect(try lifecycle.attribute("aws_nat_gateway.public", "id") as? String == publicNATID)
        #expect(try address(lifecycle, spareID)?["NetworkInterfaceId"] as? String == interfaces[1])
        #expect(QuickstartEndToEndTests.tags(try natGateway(lifecycle, publicNATID) ?? [:])["Name"] == "nat-second-public")
        #expect(QuickstartEndToEndTests.tags(try address(lifecycle, allocationID) ?? [:])["Name"] == "nat-second-nat")

        try lifecycle.reimport("aws_eip.spare", id: spareID)
        try lifecycle.reimport("aws_nat_gateway.public", id: publicNATID)
        try lifecycle.reimport("aws_nat_gateway.private", id: privateNATID)

        // Replace: another subnet means another NAT gateway; another address another allocation.
        try lifecycle.write(Self.configuration(tag: "nat-second", interface: interfaces[1], privateSubnet: 1, address: "198.51.100.7"))
        let replace = try lifecycle.plan()
        #expect(replace.stdout.contains("# aws_nat_gateway.private must be replaced"))
        #expect(replace.stdout.contains("# aws_eip.spare must be replaced"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        let newPrivateNATID = try #require(try lifecycle.attribute("aws_nat_gateway.private", "id") as? String)
        #expect(newPrivateNATID != privateNATID)
        #expect(try natGateway(lifecycle, privateNATID)?["State"] as? String == "deleted")
        let newSpareID = try #require(try lifecycle.attribute("aws_eip.spare", "id") as? String)
        #expect(newSpareID != spareID)
        #expect(try lifecycle.attribute("aws_eip.spare", "public_ip") as? String == "198.51.100.7")
        #expect(try address(lifecycle, spareID) == nil, "the replaced address was released")

        // Delete: leaving them out of the configuration destroys them; then the interfaces
        // made outside prov go before their subnet does.
        try lifecycle.apply(Self.network)
        for id in [publicNATID, newPrivateNATID] {
            #expect(try natGateway(lifecycle, id)?["State"] as? String == "deleted")
        }
        for id in [allocationID, newSpareID] {
            #expect(try address(lifecycle, id) == nil, "address \(id) was released")
        }
        for interface in interfaces {
            _ = try lifecycle.oracle("ec2", "delete_network_interface", ["NetworkInterfaceId": interface])
        }
        try lifecycle.destroy()
    }

    private func address(_ lifecycle: ResourceLifecycle, _ allocationID: String) throws -> [String: Any]? {
        let answer = try lifecycle.oracle("ec2", "describe_addresses", ["Filters": [["Name": "allocation-id", "Values": [allocationID]]]])
        return (answer.response?["Addresses"] as? [[String: Any]])?.first
    }

    private func natGateway(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [String: Any]? {
        (try lifecycle.oracle("ec2", "describe_nat_gateways", ["NatGatewayIds": [id]]).response?["NatGateways"] as? [[String: Any]])?.first
    }
}
