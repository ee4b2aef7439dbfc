import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// The route blocks of aws_route_table read back exactly as the configuration plans them
/// (so the next plan is empty), leave out the routes Terraform leaves out, and follow
/// Terraform's rule that a configuration without route blocks leaves the routes alone.
struct InlineRoutesTests {
    let routes = InlineRoutes.routeTable

    /// A route block as the configuration decodes it: the unset arguments null.
    func configured(_ values: [String: String]) -> Value {
        .object(Dictionary(uniqueKeysWithValues: routes.names.map { ($0, values[$0].map(Value.string) ?? .null(.string)) }))
    }

    /// Plans the route blocks; nil stands for a configuration that neither writes a route
    /// block nor `route = [...]` (the body then decodes the attribute to null).
    func plan(_ blocks: [Value]?, prior: Value? = nil) -> Value {
        let type = routes.block.block.valueType
        let object = Value.object(["route": blocks.map { Value.set($0, of: type) } ?? .null(.set(type))])
        return routes.plan(object, prior: prior, configuration: object)[attribute: "route"] ?? .null
    }

    static let table = """
        <DescribeRouteTablesResponse><routeTableSet><item>
        <routeTableId>rtb-1</routeTableId><vpcId>vpc-1</vpcId><ownerId>111122223333</ownerId>
        <routeSet>
          <item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><origin>CreateRouteTable</origin><state>active</state></item>
          <item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-1</natGatewayId><networkInterfaceId>eni-nat</networkInterfaceId><origin>CreateRoute</origin><state>active</state></item>
          <item><destinationIpv6CidrBlock>2001:db8::/56</destinationIpv6CidrBlock><egressOnlyInternetGatewayId>eigw-1</egressOnlyInternetGatewayId><origin>CreateRoute</origin><state>active</state></item>
          <item><destinationPrefixListId>pl-s3</destinationPrefixListId><gatewayId>vpce-1</gatewayId><origin>CreateRoute</origin><state>active</state></item>
          <item><destinationCidrBlock>172.16.0.0/12</destinationCidrBlock><gatewayId>vgw-1</gatewayId><origin>EnableVgwRoutePropagation</origin><state>active</state></item>
        </routeSet>
        </item></routeTableSet></DescribeRouteTablesResponse>
        """

    static let natInterface = RecordingTransport.Answer.answer(200, """
        <DescribeNetworkInterfacesResponse><networkInterfaceSet><item><networkInterfaceId>eni-nat</networkInterfaceId>
        <ownerId>111122223333</ownerId></item></networkInterfaceSet></DescribeNetworkInterfacesResponse>
        """)

    func read(prior: Value?) async throws -> Value {
        let table = try #require(XMLTreeParser.parse(Array(Self.table.utf8)).path("routeTableSet", "item"))
        let client = AWSClient.forTesting(transport: RecordingTransport([Self.natInterface]))
        let context = AWSContext(client: client, settings: try AWSProviderBlock(.null), operation: nil)
        return try await routes.read(table, prior: prior, in: context)
    }

    @Test func readsBackWhatTheConfigurationPlans() async throws {
        // The IPv6 block is written in a longer form than AWS answers with.
        let planned = plan([
            configured(["cidr_block": "0.0.0.0/0", "nat_gateway_id": "nat-1"]),
            configured(["ipv6_cidr_block": "2001:0db8:0::/56", "egress_only_gateway_id": "eigw-1"]),
        ])
        let read = try await read(prior: .object(["route": planned]))
        #expect(read == planned, "local, propagated and endpoint routes are left out; a NAT route's interface is not")
        #expect(ObjectPlanning.equivalent(read, planned))
        let nat = try #require(read.elements?.first { $0.string("nat_gateway_id") == "nat-1" })
        #expect(nat.string("network_interface_id") == "" && nat.string("gateway_id") == "")
    }

    @Test func withoutRouteBlocksTheRoutesAreLeftAlone() async throws {
        let prior = Value.object(["route": plan([configured(["cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"])])])
        #expect(plan(nil, prior: prior) == prior[attribute: "route"], "the prior routes stand")
        #expect(plan(nil).isKnown == false, "a new table's routes are known after apply")
        #expect(plan([], prior: prior) == plan([]), "route = [] removes them")
        #expect(plan([]).elements?.isEmpty == true)
    }

    @Test func aRouteNeedsOneDestinationAndOneTarget() throws {
        #expect(throws: ProviderError.self) { try routes.parts(of: configured(["gateway_id": "igw-1"]), table: "rtb-1") }
        #expect(throws: ProviderError.self) { try routes.parts(of: configured(["cidr_block": "0.0.0.0/0", "gateway_id": "igw-1", "nat_gateway_id": "nat-1"]), table: "rtb-1") }
        let (destination, target) = try routes.parts(of: configured(["destination_prefix_list_id": "pl-1", "vpc_endpoint_id": "vpce-1"]), table: "rtb-1")
        #expect(destination == .prefixList("pl-1"))
        #expect(target.attribute == "vpc_endpoint_id" && target.value == "vpce-1")
    }

    @Test(arguments: [
        ("2001:db8::/56", "2001:0DB8:0:0::/56", true),
        ("::/0", "0:0:0:0:0:0:0:0/0", true),
        ("2001:db8::/56", "2001:db8::/64", false),
        ("2001:db8::/56", "2001:db9::/56", false),
        ("10.0.0.0/16", "10.0.0.0/16", true),
        ("10.0.0.0/16", "10.1.0.0/16", false),
    ])
    func cidrBlocksCompareAsNetworks(a: String, b: String, equal: Bool) {
        #expect(EC2.cidrBlocksEqual(a, b) == equal)
    }

    /// Terraform's route ids, as hashicorp/terraform-provider-aws makes them.
    @Test func routeIDsAreTerraforms() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(RouteResource.id(table: "rtb-1", destination: "192.0.2.0/24") == "r-rtb-12746858862")
    }
}
