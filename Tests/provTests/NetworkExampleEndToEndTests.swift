import Foundation
import Testing
import TestSupport

/// Examples/network end to end, on an emulator of its own that checks every signature: the
/// two-zone public/private network applies, the next plan is empty, the routes lead where
/// they should (checked through boto3), and destroy leaves nothing with the example's tag.
@Suite(.serialized) struct NetworkExampleEndToEndTests {
    @Test func appliesARealNetworkAndDestroysEverything() throws {
        let server = try MotoServer.start(enforceSignatures: true)
        defer { server.stop() }
        let prov = ProvProcess(directory: try ProvProcess.workspace(example: "network"), environment: server.environment)

        let initResult = try prov.run("init")
        #expect(initResult.status == 0, "\(initResult.output)")
        let plan = try prov.run("plan")
        #expect(plan.status == 0, "\(plan.output)")
        #expect(plan.stdout.contains("Plan: 15 to add, 0 to change, 0 to destroy."))

        let apply = try prov.run("apply", "-auto-approve")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(apply.stdout.contains("Apply complete! Resources: 15 added, 0 changed, 0 destroyed."))
        let second = try prov.run("plan", "-detailed-exitcode")
        #expect(second.status == 0, "the plan after apply must be empty: \(second.output)")
        #expect(second.stdout.contains("No changes."))

        let outputs = try JSONSerialization.jsonObject(with: Data(try prov.run("output", "-json").stdout.utf8)) as! [String: [String: Any]]
        func output(_ name: String) throws -> Any { try #require(outputs[name]?["value"]) }
        let vpcID = try #require(try output("vpc_id") as? String)
        let gatewayID = try #require(try output("internet_gateway_id") as? String)
        let natID = try #require(try output("nat_gateway_id") as? String)
        let publicSubnets = try #require(try output("public_subnet_ids") as? [String])
        let privateSubnets = try #require(try output("private_subnet_ids") as? [String])
        let tables = try #require(try output("route_table_ids") as? [String: String])
        let publicTable = try #require(tables["public"]), privateTable = try #require(tables["private"])

        let answers = try server.oracle([
            .init("ec2", "describe_subnets", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]]),
            .init("ec2", "describe_internet_gateways", ["InternetGatewayIds": [gatewayID]]),
            .init("ec2", "describe_nat_gateways", ["NatGatewayIds": [natID]]),
            .init("ec2", "describe_route_tables", ["RouteTableIds": [publicTable, privateTable]]),
            .init("ec2", "describe_vpc_endpoints", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]]),
            .init("ec2", "describe_addresses", [:]),
        ])

        // Two zones, a public and a private subnet in each.
        let subnets = try #require(answers[0].response?["Subnets"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: subnets.map { ($0["SubnetId"] as! String, $0) })
        #expect(Set(byID.keys) == Set(publicSubnets + privateSubnets))
        #expect(publicSubnets.map { byID[$0]?["AvailabilityZone"] as? String } == ["eu-west-1a", "eu-west-1b"])
        #expect(privateSubnets.map { byID[$0]?["AvailabilityZone"] as? String } == ["eu-west-1a", "eu-west-1b"])
        #expect(publicSubnets.allSatisfy { byID[$0]?["MapPublicIpOnLaunch"] as? Bool == true })
        #expect(privateSubnets.allSatisfy { byID[$0]?["MapPublicIpOnLaunch"] as? Bool == false })

        // The internet gateway is attached to the VPC.
        let gateway = try #require((answers[1].response?["InternetGateways"] as? [[String: Any]])?.first)
        #expect((gateway["Attachments"] as? [[String: Any]])?.first?["VpcId"] as? String == vpcID)

        // The NAT gateway is in the first public subnet with the Elastic IP.
        let nat = try #require((answers[2].response?["NatGateways"] as? [[String: Any]])?.first)
        #expect(nat["State"] as? String == "available")
        #expect(nat["SubnetId"] as? String == publicSubnets[0])
        let natAddress = try #require((nat["NatGatewayAddresses"] as? [[String: Any]])?.first)
        #expect(natAddress["PublicIp"] as? String == (try output("nat_public_ip") as? String))
        let addresses = try #require(answers[5].response?["Addresses"] as? [[String: Any]])
        #expect(addresses.contains { $0["AllocationId"] as? String == natAddress["AllocationId"] as? String && QuickstartEndToEndTests.tags($0)["Project"] == "network-example" })

        // Public subnets route to the internet gateway, private ones through the NAT gateway,
        // both reach S3 through the endpoint.
        let routeTables = try #require(answers[3].response?["RouteTables"] as? [[String: Any]])
        let table = { (id: String) in routeTables.first { $0["RouteTableId"] as? String == id } ?? [:] }
        let defaultRoute = { (id: String) in (table(id)["Routes"] as? [[String: Any]] ?? []).first { $0["DestinationCidrBlock"] as? String == "0.0.0.0/0" } }
        #expect(defaultRoute(publicTable)?["GatewayId"] as? String == gatewayID)
        #expect(defaultRoute(privateTable)?["NatGatewayId"] as? String == natID)
        let associated = { (id: String) in Set((table(id)["Associations"] as? [[String: Any]] ?? []).compactMap { $0["SubnetId"] as? String }) }
        #expect(associated(publicTable) == Set(publicSubnets))
        #expect(associated(privateTable) == Set(privateSubnets))
        let endpoint = try #require((answers[4].response?["VpcEndpoints"] as? [[String: Any]])?.first)
        #expect(endpoint["ServiceName"] as? String == "com.amazonaws.eu-west-1.s3")
        #expect(Set(endpoint["RouteTableIds"] as? [String] ?? []) == [publicTable, privateTable])
        let prefixList = try #require(try output("s3_prefix_list_id") as? String)
        for id in [publicTable, privateTable] {
            #expect((table(id)["Routes"] as? [[String: Any]] ?? []).contains { $0["DestinationPrefixListId"] as? String == prefixList && $0["GatewayId"] as? String == endpoint["VpcEndpointId"] as? String })
        }

        let destroy = try prov.run("destroy", "-auto-approve")
        #expect(destroy.status == 0, "\(destroy.output)")
        #expect(destroy.stdout.contains("Destroy complete! Resources: 15 destroyed."))
        let left = try leftovers(server)
        #expect(left.isEmpty, "left behind with the example's tag: \(left)")
        let finalPlan = try prov.run("plan", "-destroy", "-detailed-exitcode")
        #expect(finalPlan.status == 0, "nothing is left in state: \(finalPlan.output)")
    }

    /// Every object still carrying `Project = network-example`, by kind. Deleted NAT gateways
    /// and VPC endpoints stay listed for a while in AWS, in a `deleted` state: they count as gone.
    private func leftovers(_ server: MotoServer) throws -> [String] {
        let kinds: [(operation: String, list: String, id: String)] = [
            ("describe_vpcs", "Vpcs", "VpcId"),
            ("describe_subnets", "Subnets", "SubnetId"),
            ("describe_internet_gateways", "InternetGateways", "InternetGatewayId"),
            ("describe_nat_gateways", "NatGateways", "NatGatewayId"),
            ("describe_addresses", "Addresses", "AllocationId"),
            ("describe_route_tables", "RouteTables", "RouteTableId"),
            ("describe_vpc_endpoints", "VpcEndpoints", "VpcEndpointId"),
        ]
        let answers = try server.oracle(kinds.map { .init("ec2", $0.operation, [:]) })
        var left: [String] = []
        for (kind, answer) in zip(kinds, answers) {
            guard let items = answer.response?[kind.list] as? [[String: Any]] else {
                left.append("\(kind.operation) failed: \(answer)")
                continue
            }
            for item in items where QuickstartEndToEndTests.tags(item)["Project"] == "network-example" {
                if let state = item["State"] as? String, state.lowercased() == "deleted" { continue }
                left.append("\(kind.list): \(item[kind.id] ?? "?")")
            }
        }
        return left
    }
}
