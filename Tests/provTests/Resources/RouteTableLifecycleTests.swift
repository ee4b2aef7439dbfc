import Foundation
import Testing
import TestSupport

/// aws_route_table, aws_route, aws_route_table_association, aws_main_route_table_association
/// and aws_default_route_table through their whole life.
@Suite struct RouteTableLifecycleTests {
    // MARK: Route tables and routes

    static func routesConfiguration(routes: String, tag: String, extra: String, spareVPC: String) -> String {
        """
        resource "aws_vpc" "main" {
          cidr_block                       = "10.205.0.0/16"
          assign_generated_ipv6_cidr_block = true
          tags                             = { Name = "routes-lifecycle" }
        }
        resource "aws_vpc" "other" {
          cidr_block = "10.206.0.0/16"
          tags       = { Name = "routes-lifecycle-other" }
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.main.id
          cidr_block        = "10.205.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_internet_gateway" "main" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_egress_only_internet_gateway" "main" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_route_table" "main" {
          vpc_id = aws_vpc.main.id
        \(routes)
          tags = { Name = "\(tag)" }
        }
        # No route blocks: the routes are aws_route's to manage.
        resource "aws_route_table" "other" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_route" "extra" {
          route_table_id = aws_route_table.other.id
        \(extra)
        }
        resource "aws_route_table" "spare" {
          vpc_id = aws_vpc.\(spareVPC).id
        }
        """
    }

    @Test func routeTablesAndRoutes() throws {
        let lifecycle = try ResourceLifecycle()
        let first = """
              route {
                cidr_block = "0.0.0.0/0"
                gateway_id = aws_internet_gateway.main.id
              }
              route {
                ipv6_cidr_block        = "::/0"
                egress_only_gateway_id = aws_egress_only_internet_gateway.main.id
              }
            """
        let extraToGateway = """
              destination_cidr_block = "192.0.2.0/24"
              gateway_id             = aws_internet_gateway.main.id
            """
        try lifecycle.apply(Self.routesConfiguration(routes: first, tag: "routes-first", extra: extraToGateway, spareVPC: "main"))
        try lifecycle.expectNoChanges()
        let tableID = try #require(try lifecycle.attribute("aws_route_table.main", "id") as? String)
        let otherID = try #require(try lifecycle.attribute("aws_route_table.other", "id") as? String)
        let spareID = try #require(try lifecycle.attribute("aws_route_table.spare", "id") as? String)
        let gatewayID = try #require(try lifecycle.attribute("aws_internet_gateway.main", "id") as? String)
        let egressID = try #require(try lifecycle.attribute("aws_egress_only_internet_gateway.main", "id") as? String)
        #expect(try lifecycle.attribute("aws_route_table.main", "arn") as? String == "arn:aws:ec2:eu-west-1:123456789012:route-table/\(tableID)")
        #expect(try lifecycle.attribute("aws_route_table.main", "owner_id") as? String == "123456789012")
        let stateRoutes = try #require(try lifecycle.attribute("aws_route_table.main", "route") as? [[String: Any]])
        #expect(stateRoutes.count == 2, "the local route is left out")
        #expect(stateRoutes.contains { $0["cidr_block"] as? String == "0.0.0.0/0" && $0["gateway_id"] as? String == gatewayID && $0["nat_gateway_id"] as? String == "" })
        var routes = try self.routes(lifecycle, tableID)
        #expect(routes["0.0.0.0/0"]?["GatewayId"] as? String == gatewayID)
        #expect(routes["::/0"]?["EgressOnlyInternetGatewayId"] as? String == egressID)
        #expect(QuickstartEndToEndTests.tags(try table(lifecycle, tableID))["Name"] == "routes-first")

        // Terraform's id for a route: r-, the table, the CRC-32 of the destination.
        #expect(try lifecycle.attribute("aws_route.extra", "id") as? String == "r-\(otherID)2746858862")
        #expect(try lifecycle.attribute("aws_route.extra", "origin") as? String == "CreateRoute")
        #expect(try lifecycle.attribute("aws_route.extra", "state") as? String == "active")
        #expect(try self.routes(lifecycle, otherID)["192.0.2.0/24"]?["GatewayId"] as? String == gatewayID)

        // In place: one route changes its destination set, another its target; tags change.
        let subnetID = try #require(try lifecycle.attribute("aws_subnet.a", "id") as? String)
        let interfaceID = try #require((try lifecycle.oracle("ec2", "create_network_interface", ["SubnetId": subnetID]).response?["NetworkInterface"] as? [String: Any])?["NetworkInterfaceId"] as? String)
        let second = """
              route {
                cidr_block = "0.0.0.0/0"
                gateway_id = aws_internet_gateway.main.id
              }
              route {
                cidr_block           = "203.0.113.0/24"
                network_interface_id = "\(interfaceID)"
              }
            """
        let extraToInterface = """
              destination_cidr_block = "192.0.2.0/24"
              network_interface_id   = "\(interfaceID)"
            """
        try lifecycle.write(Self.routesConfiguration(routes: second, tag: "routes-second", extra: extraToInterface, spareVPC: "main"))
        let update = try lifecycle.plan()
        #expect(update.stdout.contains("# aws_route_table.main will be updated in-place"))
        #expect(update.stdout.contains("# aws_route.extra will be updated in-place"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_route_table.main", "id") as? String == tableID)
        routes = try self.routes(lifecycle, tableID)
        #expect(routes["::/0"] == nil, "the IPv6 route was removed")
        #expect(routes["203.0.113.0/24"]?["NetworkInterfaceId"] as? String == interfaceID)
        #expect(routes["0.0.0.0/0"]?["GatewayId"] as? String == gatewayID)
        #expect(QuickstartEndToEndTests.tags(try table(lifecycle, tableID))["Name"] == "routes-second")
        let extra = try self.routes(lifecycle, otherID)["192.0.2.0/24"]
        #expect(extra?["NetworkInterfaceId"] as? String == interfaceID)
        #expect(extra?["GatewayId"] == nil)

        try lifecycle.reimport("aws_route_table.main", id: tableID)
        try lifecycle.reimport("aws_route.extra", id: "\(otherID)_192.0.2.0/24")

        // Replace: a new destination is a new route; a table cannot change VPC.
        let extraMoved = """
              destination_cidr_block = "192.0.2.0/25"
              network_interface_id   = "\(interfaceID)"
            """
        try lifecycle.write(Self.routesConfiguration(routes: second, tag: "routes-second", extra: extraMoved, spareVPC: "other"))
        let replace = try lifecycle.plan()
        #expect(replace.stdout.contains("# aws_route.extra must be replaced"))
        #expect(replace.stdout.contains("# aws_route_table.spare must be replaced"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_route.extra", "id") as? String == "r-\(otherID)3569257976")
        let otherRoutes = try self.routes(lifecycle, otherID)
        #expect(otherRoutes["192.0.2.0/24"] == nil && otherRoutes["192.0.2.0/25"] != nil)
        #expect(try lifecycle.attribute("aws_route_table.spare", "id") as? String != spareID)
        #expect(try tableExists(lifecycle, spareID) == false)

        // `route = []`, Terraform's attribute syntax for these blocks, removes every route.
        try lifecycle.write(Self.routesConfiguration(routes: "  route = []", tag: "routes-second", extra: extraMoved, spareVPC: "other"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        #expect(try self.routes(lifecycle, tableID).values.allSatisfy { $0["GatewayId"] as? String == "local" })

        // The interface made outside prov goes before its subnet does.
        _ = try lifecycle.oracle("ec2", "delete_network_interface", ["NetworkInterfaceId": interfaceID])
        try lifecycle.destroy()
        for id in [tableID, otherID] {
            #expect(try tableExists(lifecycle, id) == false, "route table \(id) is gone")
        }
    }

    // MARK: Associations

    static func associationsConfiguration(subnet: String, table: String, main: String?) -> String {
        """
        resource "aws_vpc" "main" {
          cidr_block = "10.208.0.0/16"
          tags       = { Name = "associations-lifecycle" }
        }
        resource "aws_subnet" "a" {
          vpc_id     = aws_vpc.main.id
          cidr_block = "10.208.1.0/24"
        }
        resource "aws_subnet" "b" {
          vpc_id     = aws_vpc.main.id
          cidr_block = "10.208.2.0/24"
        }
        resource "aws_internet_gateway" "main" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_route_table" "first" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_route_table" "second" {
          vpc_id = aws_vpc.main.id
        }
        # Traffic entering through the internet gateway is routed by this table.
        resource "aws_route_table" "edge" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_route_table_association" "subnet" {
          subnet_id      = aws_subnet.\(subnet).id
          route_table_id = aws_route_table.\(table).id
        }
        resource "aws_route_table_association" "gateway" {
          gateway_id     = aws_internet_gateway.main.id
          route_table_id = aws_route_table.edge.id
        }
        """ + (main.map { """

        resource "aws_main_route_table_association" "main" {
          vpc_id         = aws_vpc.main.id
          route_table_id = aws_route_table.\($0).id
        }
        """ } ?? "")
    }

    @Test func associations() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.associationsConfiguration(subnet: "a", table: "first", main: nil))
        let originalMain = try #require(try lifecycle.attribute("aws_vpc.main", "main_route_table_id") as? String)
        try lifecycle.apply(Self.associationsConfiguration(subnet: "a", table: "first", main: "first"))
        try lifecycle.expectNoChanges()
        let table = { (name: String) throws -> String in try #require(try lifecycle.attribute("aws_route_table.\(name)", "id") as? String) }
        let subnetA = try #require(try lifecycle.attribute("aws_subnet.a", "id") as? String)
        let gatewayID = try #require(try lifecycle.attribute("aws_internet_gateway.main", "id") as? String)
        let associationID = try #require(try lifecycle.attribute("aws_route_table_association.subnet", "id") as? String)
        #expect(associationID.hasPrefix("rtbassoc-"))
        #expect(try associations(lifecycle, try table("first")).contains { $0["SubnetId"] as? String == subnetA && $0["RouteTableAssociationId"] as? String == associationID })
        #expect(try associations(lifecycle, try table("edge")).contains { $0["GatewayId"] as? String == gatewayID })
        #expect(try associations(lifecycle, try table("first")).contains { $0["Main"] as? Bool == true }, "first is the main route table")
        #expect(try lifecycle.attribute("aws_main_route_table_association.main", "original_route_table_id") as? String == originalMain)

        // In place: the subnet and the main role move to the second table; AWS gives each
        // association a new id, but neither is replaced.
        try lifecycle.write(Self.associationsConfiguration(subnet: "a", table: "second", main: "second"))
        let update = try lifecycle.plan()
        #expect(update.stdout.contains("# aws_route_table_association.subnet will be updated in-place"))
        #expect(update.stdout.contains("# aws_main_route_table_association.main will be updated in-place"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        let second = try associations(lifecycle, try table("second"))
        #expect(second.contains { $0["SubnetId"] as? String == subnetA })
        #expect(second.contains { $0["Main"] as? Bool == true })
        #expect(try associations(lifecycle, try table("first")).isEmpty)
        #expect(try lifecycle.attribute("aws_route_table_association.subnet", "route_table_id") as? String == (try table("second")))

        try lifecycle.reimport("aws_route_table_association.subnet", id: "\(subnetA)/\(try table("second"))")
        try lifecycle.reimport("aws_route_table_association.gateway", id: "\(gatewayID)/\(try table("edge"))")

        // Replace: another subnet is another association.
        let movedID = try #require(try lifecycle.attribute("aws_route_table_association.subnet", "id") as? String)
        try lifecycle.write(Self.associationsConfiguration(subnet: "b", table: "second", main: "second"))
        let replace = try lifecycle.plan()
        #expect(replace.stdout.contains("# aws_route_table_association.subnet must be replaced"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_route_table_association.subnet", "id") as? String != movedID)
        let subnetB = try #require(try lifecycle.attribute("aws_subnet.b", "id") as? String)
        #expect(try associations(lifecycle, try table("second")).map { $0["SubnetId"] as? String } .contains(subnetB))
        #expect(!(try associations(lifecycle, try table("second")).contains { $0["SubnetId"] as? String == subnetA }))

        // Deleting the main association gives the main role back to the original table.
        try lifecycle.apply(Self.associationsConfiguration(subnet: "b", table: "second", main: nil))
        #expect(try associations(lifecycle, originalMain).contains { $0["Main"] as? Bool == true })
        #expect(!(try associations(lifecycle, try table("second")).contains { $0["Main"] as? Bool == true }))

        let vpcID = try #require(try lifecycle.attribute("aws_vpc.main", "id") as? String)
        try lifecycle.destroy()
        let left = try lifecycle.oracle("ec2", "describe_route_tables", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]])
        #expect((left.response?["RouteTables"] as? [Any])?.isEmpty == true, "no route table of the VPC is left")
    }

    // MARK: The default route table

    static func defaultTableNetwork(vpc: String) -> String {
        """
        resource "aws_vpc" "main" {
          cidr_block = "10.209.0.0/16"
          tags       = { Name = "default-table-lifecycle" }
        }
        resource "aws_vpc" "second" {
          cidr_block = "10.210.0.0/16"
          tags       = { Name = "default-table-lifecycle-second" }
        }
        resource "aws_internet_gateway" "main" {
          vpc_id = aws_vpc.\(vpc).id
        }

        """
    }

    static func defaultTableConfiguration(vpc: String, routes: String, tag: String) -> String {
        defaultTableNetwork(vpc: vpc) + """
        resource "aws_default_route_table" "main" {
          default_route_table_id = aws_vpc.\(vpc).default_route_table_id
        \(routes)
          tags = { Name = "\(tag)" }
        }
        """
    }

    @Test func defaultRouteTable() throws {
        let lifecycle = try ResourceLifecycle()
        let toGateway = """
              route {
                cidr_block = "0.0.0.0/0"
                gateway_id = aws_internet_gateway.main.id
              }
            """
        // A route put there before prov adopts the table, which adopting removes.
        try lifecycle.apply(Self.defaultTableNetwork(vpc: "main"))
        let defaultID = try #require(try lifecycle.attribute("aws_vpc.main", "default_route_table_id") as? String)
        let gatewayID = try #require(try lifecycle.attribute("aws_internet_gateway.main", "id") as? String)
        _ = try lifecycle.oracle("ec2", "create_route", ["RouteTableId": defaultID, "DestinationCidrBlock": "198.51.100.0/24", "GatewayId": gatewayID])

        try lifecycle.apply(Self.defaultTableConfiguration(vpc: "main", routes: toGateway, tag: "default-first"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_default_route_table.main", "id") as? String == defaultID)
        #expect(try lifecycle.attribute("aws_default_route_table.main", "vpc_id") as? String == (try lifecycle.attribute("aws_vpc.main", "id") as? String))
        var routes = try self.routes(lifecycle, defaultID)
        #expect(routes["198.51.100.0/24"] == nil, "adopting the table removed the route it had")
        #expect(routes["0.0.0.0/0"]?["GatewayId"] as? String == gatewayID)
        #expect(routes["10.209.0.0/16"]?["GatewayId"] as? String == "local", "the local route stays")
        #expect(QuickstartEndToEndTests.tags(try table(lifecycle, defaultID))["Name"] == "default-first")

        // In place: another route and new tags.
        let twoRoutes = toGateway + """

              route {
                cidr_block = "203.0.113.0/24"
                gateway_id = aws_internet_gateway.main.id
              }
            """
        try lifecycle.apply(Self.defaultTableConfiguration(vpc: "main", routes: twoRoutes, tag: "default-second"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_default_route_table.main", "id") as? String == defaultID)
        routes = try self.routes(lifecycle, defaultID)
        #expect(routes["203.0.113.0/24"]?["GatewayId"] as? String == gatewayID)
        #expect(QuickstartEndToEndTests.tags(try table(lifecycle, defaultID))["Name"] == "default-second")

        let vpcID = try #require(try lifecycle.attribute("aws_vpc.main", "id") as? String)
        try lifecycle.reimport("aws_default_route_table.main", id: vpcID)

        // Replace: another VPC's default table is adopted; the first is only forgotten.
        try lifecycle.write(Self.defaultTableConfiguration(vpc: "second", routes: toGateway, tag: "default-second"))
        let replace = try lifecycle.plan()
        #expect(replace.stdout.contains("# aws_default_route_table.main must be replaced"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        let secondDefault = try #require(try lifecycle.attribute("aws_default_route_table.main", "id") as? String)
        #expect(secondDefault != defaultID)
        #expect(try self.routes(lifecycle, secondDefault)["0.0.0.0/0"]?["GatewayId"] as? String == gatewayID)
        #expect(try tableExists(lifecycle, defaultID), "the first default table is left to its VPC")

        try lifecycle.destroy()
        for id in [defaultID, secondDefault] {
            #expect(try tableExists(lifecycle, id) == false, "the default table \(id) went with its VPC")
        }
    }

    // MARK: Oracle

    private func table(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [String: Any] {
        try #require((try lifecycle.oracle("ec2", "describe_route_tables", ["RouteTableIds": [id]]).response?["RouteTables"] as? [[String: Any]])?.first)
    }

    private func tableExists(_ lifecycle: ResourceLifecycle, _ id: String) throws -> Bool {
        if case .error(let code, _) = try lifecycle.oracle("ec2", "describe_route_tables", ["RouteTableIds": [id]]) {
            #expect(code == "InvalidRouteTableID.NotFound")
            return false
        }
        return true
    }

    /// A table's routes by destination, as boto3 sees them.
    private func routes(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [String: [String: Any]] {
        var routes: [String: [String: Any]] = [:]
        for route in try table(lifecycle, id)["Routes"] as? [[String: Any]] ?? [] {
            let destination = route["DestinationCidrBlock"] ?? route["DestinationIpv6CidrBlock"] ?? route["DestinationPrefixListId"]
            if let destination = destination as? String { routes[destination] = route }
        }
        return routes
    }

    private func associations(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [[String: Any]] {
        try table(lifecycle, id)["Associations"] as? [[String: Any]] ?? []
    }
}
