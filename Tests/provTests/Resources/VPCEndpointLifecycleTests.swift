import Foundation
import Testing
import TestSupport

/// aws_vpc_endpoint, Gateway and Interface, through its whole life.
@Suite struct VPCEndpointLifecycleTests {
    /// The policy is written compactly (the emulator's signature check cannot take spaces in
    /// a form body) with its keys in an order of its own.
    static func configuration(service: String, routeTables: String, actions: String, tag: String, subnets: String) -> String {
        """
        resource "aws_vpc" "main" {
          cidr_block = "10.207.0.0/16"
          tags       = { Name = "endpoint-lifecycle" }
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.main.id
          cidr_block        = "10.207.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_subnet" "b" {
          vpc_id            = aws_vpc.main.id
          cidr_block        = "10.207.2.0/24"
          availability_zone = "eu-west-1b"
        }
        resource "aws_route_table" "one" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_route_table" "two" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_vpc_endpoint" "gateway" {
          vpc_id          = aws_vpc.main.id
          service_name    = "com.amazonaws.eu-west-1.\(service)"
          route_table_ids = [\(routeTables)]
          policy          = "{\\"Statement\\":[{\\"Resource\\":\\"*\\",\\"Principal\\":\\"*\\",\\"Effect\\":\\"Allow\\",\\"Action\\":[\(actions)]}],\\"Version\\":\\"2012-10-17\\"}"
          tags = { Name = "\(tag)" }
        }
        resource "aws_vpc_endpoint" "interface" {
          vpc_id              = aws_vpc.main.id
          service_name        = "com.amazonaws.eu-west-1.ec2"
          vpc_endpoint_type   = "Interface"
          subnet_ids          = [\(subnets)]
          security_group_ids  = [aws_vpc.main.default_security_group_id]
          private_dns_enabled = true
          tags                = { Name = "\(tag)-interface" }
        }
        """
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        let bothTables = "aws_route_table.one.id, aws_route_table.two.id"
        try lifecycle.apply(Self.configuration(service: "s3", routeTables: bothTables, actions: #"\"s3:GetObject\""#, tag: "endpoint-first", subnets: "aws_subnet.a.id"))
        try lifecycle.expectNoChanges()
        let table = { (name: String) throws -> String in try #require(try lifecycle.attribute("aws_route_table.\(name)", "id") as? String) }
        let gateway = try #require(try lifecycle.values("aws_vpc_endpoint.gateway"))
        let gatewayID = try #require(gateway["id"] as? String)
        #expect(gateway["arn"] as? String == "arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/\(gatewayID)")
        #expect(gateway["vpc_endpoint_type"] as? String == "Gateway")
        #expect(gateway["state"] as? String == "available")
        let prefixListID = try #require(gateway["prefix_list_id"] as? String)
        #expect(prefixListID.hasPrefix("pl-"))
        var described = try #require(try endpoint(lifecycle, gatewayID))
        #expect(Set(described["RouteTableIds"] as? [String] ?? []) == [try table("one"), try table("two")])
        #expect(try policyActions(described) == ["s3:GetObject"])
        #expect(QuickstartEndToEndTests.tags(described)["Name"] == "endpoint-first")
        // AWS may hand the policy back in another form: the same document is no change.
        let reformatted = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": [\"s3:GetObject\"], \"Resource\": \"*\"}\n  ]\n}"
        _ = try lifecycle.oracle("ec2", "modify_vpc_endpoint", ["VpcEndpointId": gatewayID, "PolicyDocument": reformatted])
        #expect(try endpoint(lifecycle, gatewayID)?["PolicyDocument"] as? String == reformatted)
        try lifecycle.expectNoChanges()
        // AWS routes the service's prefix list to the endpoint in each table; the route
        // tables leave those routes out of their own.
        let tableOne = try #require((try lifecycle.oracle("ec2", "describe_route_tables", ["RouteTableIds": [try table("one")]]).response?["RouteTables"] as? [[String: Any]])?.first)
        #expect((tableOne["Routes"] as? [[String: Any]] ?? []).contains { $0["DestinationPrefixListId"] as? String == prefixListID && $0["GatewayId"] as? String == gatewayID })
        #expect((try lifecycle.attribute("aws_route_table.one", "route") as? [Any])?.isEmpty == true)

        let interface = try #require(try lifecycle.values("aws_vpc_endpoint.interface"))
        let interfaceID = try #require(interface["id"] as? String)
        let subnetA = try #require(try lifecycle.attribute("aws_subnet.a", "id") as? String)
        #expect(interface["private_dns_enabled"] as? Bool == true)
        #expect((interface["network_interface_ids"] as? [Any])?.count == 1)
        #expect((interface["subnet_configuration"] as? [[String: Any]])?.first?["subnet_id"] as? String == subnetA)
        let describedInterface = try #require(try endpoint(lifecycle, interfaceID))
        #expect(describedInterface["SubnetIds"] as? [String] == [subnetA])
        #expect(describedInterface["PrivateDnsEnabled"] as? Bool == true)
        #expect((describedInterface["Groups"] as? [[String: Any]])?.first?["GroupId"] as? String == (try lifecycle.attribute("aws_vpc.main", "default_security_group_id") as? String))

        // In place: one route table less, a wider policy, new tags, another subnet.
        try lifecycle.apply(Self.configuration(service: "s3", routeTables: "aws_route_table.one.id", actions: #"\"s3:GetObject\",\"s3:PutObject\""#, tag: "endpoint-second", subnets: "aws_subnet.a.id, aws_subnet.b.id"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_vpc_endpoint.gateway", "id") as? String == gatewayID)
        #expect(try lifecycle.attribute("aws_vpc_endpoint.interface", "id") as? String == interfaceID)
        described = try #require(try endpoint(lifecycle, gatewayID))
        #expect(described["RouteTableIds"] as? [String] == [try table("one")])
        #expect(try policyActions(described) == ["s3:GetObject", "s3:PutObject"])
        #expect(QuickstartEndToEndTests.tags(described)["Name"] == "endpoint-second")
        let subnetB = try #require(try lifecycle.attribute("aws_subnet.b", "id") as? String)
        #expect(Set(try endpoint(lifecycle, interfaceID)?["SubnetIds"] as? [String] ?? []) == [subnetA, subnetB])

        try lifecycle.reimport("aws_vpc_endpoint.gateway", id: gatewayID)
        try lifecycle.reimport("aws_vpc_endpoint.interface", id: interfaceID)

        // Replace: another service is another endpoint.
        try lifecycle.write(Self.configuration(service: "dynamodb", routeTables: "aws_route_table.one.id", actions: #"\"dynamodb:GetItem\""#, tag: "endpoint-second", subnets: "aws_subnet.a.id, aws_subnet.b.id"))
        let replace = try lifecycle.plan()
        #expect(replace.stdout.contains("# aws_vpc_endpoint.gateway must be replaced"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        let newGatewayID = try #require(try lifecycle.attribute("aws_vpc_endpoint.gateway", "id") as? String)
        #expect(newGatewayID != gatewayID)
        #expect(try endpoint(lifecycle, newGatewayID)?["ServiceName"] as? String == "com.amazonaws.eu-west-1.dynamodb")
        #expect(try isGone(lifecycle, gatewayID))

        try lifecycle.destroy()
        #expect(try isGone(lifecycle, newGatewayID))
        #expect(try isGone(lifecycle, interfaceID))
    }

    private func endpoint(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [String: Any]? {
        (try lifecycle.oracle("ec2", "describe_vpc_endpoints", ["VpcEndpointIds": [id]]).response?["VpcEndpoints"] as? [[String: Any]])?.first
    }

    /// Deleted endpoints stay listed for a while in state `deleted`.
    private func isGone(_ lifecycle: ResourceLifecycle, _ id: String) throws -> Bool {
        guard let endpoint = try endpoint(lifecycle, id) else { return true }
        return (endpoint["State"] as? String)?.lowercased() == "deleted"
    }

    private func policyActions(_ endpoint: [String: Any]) throws -> [String] {
        let text = try #require(endpoint["PolicyDocument"] as? String)
        let policy = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let statement = try #require((policy["Statement"] as? [[String: Any]])?.first)
        return (statement["Action"] as? [String] ?? []).sorted()
    }
}
