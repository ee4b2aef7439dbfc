import Foundation
import Provisioner
import ResourceGraph

/// Routes in EC2 route tables, as aws_route, aws_route_table and aws_default_route_table
/// create, find, replace and delete them. A route is named by its table and destination; its
/// target is one of several kinds of gateway or interface.
enum Routes {
    /// A route's destination: what AWS keys routes on within a table.
    enum Destination: Equatable, Sendable {
        case ipv4(String)
        case ipv6(String)
        case prefixList(String)

        var isIPv6: Bool {
            if case .ipv6 = self { return true }
            return false
        }

        var value: String {
            switch self {
            case .ipv4(let cidr), .ipv6(let cidr), .prefixList(let cidr): cidr
            }
        }

        /// The request parameter that names it in CreateRoute, ReplaceRoute and DeleteRoute.
        var requestName: String {
            switch self {
            case .ipv4: "DestinationCidrBlock"
            case .ipv6: "DestinationIpv6CidrBlock"
            case .prefixList: "DestinationPrefixListId"
            }
        }

        /// Whether a described route has this destination (IPv6 blocks however spelled).
        func matches(_ route: XMLNode) -> Bool {
            switch self {
            case .ipv4(let cidr): route.string("destinationCidrBlock") == cidr
            case .ipv6(let cidr): route.string("destinationIpv6CidrBlock").map { EC2.cidrBlocksEqual($0, cidr) } ?? false
            case .prefixList(let id): route.string("destinationPrefixListId") == id
            }
        }
    }

    /// The kinds of target a route can have: the request parameter and the field of a
    /// described route (VPC endpoints come back as `gatewayId`, so they have none of their own).
    static let targetAPINames: [String: (request: String, response: String?)] = [
        "carrier_gateway_id": ("CarrierGatewayId", "carrierGatewayId"),
        "core_network_arn": ("CoreNetworkArn", "coreNetworkArn"),
        "egress_only_gateway_id": ("EgressOnlyInternetGatewayId", "egressOnlyInternetGatewayId"),
        "gateway_id": ("GatewayId", "gatewayId"),
        "instance_id": ("InstanceId", "instanceId"),
        "local_gateway_id": ("LocalGatewayId", "localGatewayId"),
        "nat_gateway_id": ("NatGatewayId", "natGatewayId"),
        "network_interface_id": ("NetworkInterfaceId", "networkInterfaceId"),
        "transit_gateway_id": ("TransitGatewayId", "transitGatewayId"),
        "vpc_endpoint_id": ("VpcEndpointId", nil),
        "vpc_peering_connection_id": ("VpcPeeringConnectionId", "vpcPeeringConnectionId"),
    ]

    /// A target attribute's value in a described route, as Terraform reads it: a gateway id
    /// starting `vpce-` is a VPC endpoint.
    static func target(_ attribute: String, of route: XMLNode) -> String {
        let gateway = route.string("gatewayId") ?? ""
        switch attribute {
        case "gateway_id": return gateway.hasPrefix("vpce-") ? "" : gateway
        case "vpc_endpoint_id": return gateway.hasPrefix("vpce-") ? gateway : ""
        default: return targetAPINames[attribute]?.response.flatMap { route.string($0) } ?? ""
        }
    }

    static func describeTable(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        try await EC2.describeOne("DescribeRouteTables", idParameter: "RouteTableId", id: id, set: "routeTableSet", in: context)
    }

    /// The route with this destination, nil when the table or the route is gone.
    static func find(_ destination: Destination, inTable id: String, in context: AWSContext) async throws -> XMLNode? {
        try await describeTable(id, in: context)?.all("routeSet", "item").first { destination.matches($0) }
    }

    /// Creates a route and waits until it shows in the table. A target created a moment ago
    /// may not be visible yet (InvalidParameterException, an unknown transit gateway), which
    /// is retried until `timeout`.
    static func create(inTable id: String, _ destination: Destination, target: (attribute: String, value: String), timeout: Duration, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("RouteTableId", id)
        parameters.set(destination.requestName, destination.value)
        guard let api = targetAPINames[target.attribute] else {
            throw ProviderError("Creating route in EC2 Route Table (\(id))", detail: "\(target.attribute) is not a route target.")
        }
        parameters.set(api.request, target.value)
        context.progress("adding the route to \(destination.value)")
        do {
            _ = try await EC2.retrying(on: ["InvalidParameterException", "InvalidTransitGatewayID.NotFound"], timeout: timeout) {
                try await context.client.query(.ec2, action: "CreateRoute", parameters: parameters)
            }
        } catch let error as AWSError where error.code == "RouteAlreadyExists" {
            // A repeat of an attempt whose answer was lost (by the client or by libcurl): fine
            // when the route there is the one asked for.
            guard let route = try await find(destination, inTable: id, in: context), Self.target(target.attribute, of: route) == target.value else { throw error }
        } catch let error as AWSError where error.code == "InvalidGatewayID.NotFound" && target.value == "local" {
            throw ProviderError("Creating route in EC2 Route Table (\(id)) with destination (\(destination.value))", detail: "local routes cannot be created: AWS makes them with the table. Import an existing local route instead.")
        }
        try await waitForRoute(destination, inTable: id, present: true, timeout: timeout, in: context)
    }

    /// Points an existing route at another target.
    static func replace(inTable id: String, _ destination: Destination, target: (attribute: String, value: String), timeout: Duration, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("RouteTableId", id)
        parameters.set(destination.requestName, destination.value)
        if target.attribute == "gateway_id" && target.value == "local" {
            parameters.set("LocalTarget", true)
        } else if let api = targetAPINames[target.attribute] {
            parameters.set(api.request, target.value)
        }
        context.progress("pointing the route to \(destination.value) at \(target.value)")
        _ = try await context.client.query(.ec2, action: "ReplaceRoute", parameters: parameters)
        try await waitForRoute(destination, inTable: id, present: true, timeout: timeout, in: context)
    }

    /// Deletes a route and waits until it is gone; a route or table already gone is fine, and
    /// so is a local route (AWS keeps those with the table).
    static func delete(inTable id: String, _ destination: Destination, timeout: Duration, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("RouteTableId", id)
        parameters.set(destination.requestName, destination.value)
        context.progress("removing the route to \(destination.value)")
        do {
            _ = try await EC2.retrying(on: ["InvalidParameterException"], timeout: timeout) {
                try await context.client.query(.ec2, action: "DeleteRoute", parameters: parameters)
            }
        } catch where EC2.isNotFound(error) {
            return
        } catch let error as AWSError where error.code == "InvalidParameterValue" && error.message.contains("cannot remove local route") {
            return
        }
        try await waitForRoute(destination, inTable: id, present: false, timeout: timeout, in: context)
    }

    private static func waitForRoute(_ destination: Destination, inTable id: String, present: Bool, timeout: Duration, in context: AWSContext) async throws {
        let waiter = EC2.waiter(timeout: timeout, in: context)
        let what = "the route to \(destination.value) in EC2 Route Table \(id) to \(present ? "appear" : "go")"
        try await waiter.wait(for: what, progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            let found = try await find(destination, inTable: id, in: context) != nil
            return found == present ? .done(()) : .pending(present ? "route not visible yet" : "route still listed")
        }
    }
}
