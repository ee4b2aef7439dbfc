import Foundation
import Provisioner
import ResourceGraph

/// The inline `route` blocks of aws_route_table and aws_default_route_table, handled as
/// Terraform handles them.
///
/// Terraform declares `route` as an optional and computed set in attributes-as-blocks mode:
/// when a configuration has `route` blocks (or assigns `route = [...]`, `[]` removing every
/// route) they are the table's whole list of routes (others are removed), and when it has
/// neither the routes are left as they are (so aws_route resources can manage them). Each route is an object with every destination and target argument, the
/// unused ones `""`; reads produce exactly those objects, leaving out what Terraform leaves out
/// (the local route, propagated routes, the routes a gateway VPC endpoint adds), so that a
/// configuration reads back equal to itself and the next plan is empty.
struct InlineRoutes: Sendable {
    /// The target arguments this type's route blocks take (the default route table takes fewer).
    let targets: [String]

    static let destinations = ["cidr_block", "ipv6_cidr_block", "destination_prefix_list_id"]

    static let routeTable = InlineRoutes(targets: [
        "carrier_gateway_id", "core_network_arn", "egress_only_gateway_id", "gateway_id", "local_gateway_id",
        "nat_gateway_id", "network_interface_id", "transit_gateway_id", "vpc_endpoint_id", "vpc_peering_connection_id",
    ])

    static let defaultRouteTable = InlineRoutes(targets: [
        "core_network_arn", "egress_only_gateway_id", "gateway_id", "instance_id", "nat_gateway_id",
        "network_interface_id", "transit_gateway_id", "vpc_endpoint_id", "vpc_peering_connection_id",
    ])

    var names: [String] { Self.destinations + targets }

    var block: NestedBlockSchema {
        NestedBlockSchema(
            .set, BlockSchema(attributes: Dictionary(uniqueKeysWithValues: names.map { ($0, AttributeSchema(.string, .optional)) })),
            acceptsAttributeSyntax: true)
    }

    var setType: ValueType { block.valueType }

    // MARK: Planning

    /// The planned `route` set: the configured routes with every unset argument `""` (the
    /// shape reads produce); when the configuration neither has route blocks nor assigns
    /// `route = [...]`, the prior routes (unknown until created).
    func plan(_ planned: Value, prior: Value?, configuration: Value) -> Value {
        guard let configured = configuration[attribute: "route"], configured.isKnown else {
            return planned.setting(["route": .unknown(setType)])
        }
        if configured.isNull {
            return planned.setting(["route": prior?[attribute: "route"].flatMap { $0.isNull ? nil : $0 } ?? .unknown(setType)])
        }
        let routes = (planned[attribute: "route"]?.elements ?? []).map(normalized)
        return planned.setting(["route": .set(routes, of: block.block.valueType)])
    }

    private func normalized(_ route: Value) -> Value {
        var attributes: [String: Value] = [:]
        for name in names {
            let value = route[attribute: name] ?? .null(.string)
            attributes[name] = value.isNull ? .string("") : value
        }
        return .object(attributes)
    }

    // MARK: Reading

    /// The table's routes as route objects, with the IPv6 spelling of `prior`'s routes kept
    /// where it names the same block.
    func read(_ table: XMLNode, prior: Value?, in context: AWSContext) async throws -> Value {
        let priorIPv6 = (prior?[attribute: "route"]?.elements ?? []).compactMap { $0.string("ipv6_cidr_block") }.filter { !$0.isEmpty }
        var routes: [Value] = []
        for route in table.all("routeSet", "item") where try await isManaged(route, tableOwner: table.string("ownerId"), in: context) {
            var attributes: [String: Value] = [:]
            var ipv6 = route.string("destinationIpv6CidrBlock") ?? ""
            if let spelled = priorIPv6.first(where: { EC2.cidrBlocksEqual($0, ipv6) }) { ipv6 = spelled }
            attributes["cidr_block"] = .string(route.string("destinationCidrBlock") ?? "")
            attributes["ipv6_cidr_block"] = .string(ipv6)
            attributes["destination_prefix_list_id"] = .string(route.string("destinationPrefixListId") ?? "")
            for target in targets { attributes[target] = .string(Routes.target(target, of: route)) }
            // AWS may name a NAT gateway's interface beside the gateway; Terraform's set hash
            // ignores it then, so a route configured with nat_gateway_id stays equal.
            if !(attributes["nat_gateway_id"]?.stringValue ?? "").isEmpty { attributes["network_interface_id"] = .string("") }
            // A route to an instance names the instance's interface too; where the blocks take
            // instance_id (the default route table's), the instance alone stands for the route.
            if targets.contains("instance_id"), !(attributes["instance_id"]?.stringValue ?? "").isEmpty { attributes["network_interface_id"] = .string("") }
            routes.append(.object(attributes))
        }
        return .set(routes, of: block.block.valueType)
    }

    /// Whether Terraform counts a described route as one of the table's own: not the local
    /// route, not one propagated from a virtual private gateway, not a gateway VPC endpoint's,
    /// not one through another account's interface (an AWS service's).
    private func isManaged(_ route: XMLNode, tableOwner: String?, in context: AWSContext) async throws -> Bool {
        let gateway = route.string("gatewayId") ?? ""
        if gateway == "local" || gateway == "VpcLattice" { return false }
        if route.string("origin") == "EnableVgwRoutePropagation" { return false }
        if route.string("destinationPrefixListId") != nil && gateway.hasPrefix("vpce-") { return false }
        if let interface = route.string("networkInterfaceId"), !interface.isEmpty,
           let described = try await EC2.describeOne("DescribeNetworkInterfaces", idParameter: "NetworkInterfaceId", id: interface, set: "networkInterfaceSet", in: context),
           let owner = described.string("ownerId"), !owner.isEmpty,
           let instanceOwner = described.string("attachment", "instanceOwnerId"), instanceOwner != owner {
            return false
        }
        return true
    }

    // MARK: Changing

    /// The destination of a route object, nil when it has none (or more than one).
    func destination(of route: Value) -> Routes.Destination? {
        let set = Self.destinations.compactMap { name in route.string(name).flatMap { $0.isEmpty ? nil : (name, $0) } }
        guard set.count == 1 else { return nil }
        switch set[0].0 {
        case "cidr_block": return .ipv4(set[0].1)
        case "ipv6_cidr_block": return .ipv6(set[0].1)
        default: return .prefixList(set[0].1)
        }
    }

    /// The destination and target of a configured route; an error names what is missing or
    /// doubled, as Terraform checks before it calls AWS.
    func parts(of route: Value, table id: String) throws -> (destination: Routes.Destination, target: (attribute: String, value: String)) {
        let destinations = Self.destinations.filter { !(route.string($0) ?? "").isEmpty }
        let setTargets = targets.filter { !(route.string($0) ?? "").isEmpty }
        guard let destination = destination(of: route) else {
            throw ProviderError("Invalid route in EC2 Route Table (\(id))", detail: "a route needs exactly one of \(Self.destinations.joined(separator: ", ")); this one has \(destinations.isEmpty ? "none" : destinations.joined(separator: " and ")).")
        }
        guard setTargets.count == 1, let target = setTargets.first, let value = route.string(target) else {
            throw ProviderError("Invalid route in EC2 Route Table (\(id))", detail: "the route to \(destination.value) needs exactly one of \(targets.joined(separator: ", ")); it has \(setTargets.isEmpty ? "none" : setTargets.joined(separator: " and ")).")
        }
        return (destination, (target, value))
    }

    /// Adds every route (a new table's, or an adopted default table's).
    func create(_ routes: [Value], table id: String, timeout: Duration, in context: AWSContext) async throws {
        for route in routes {
            let (destination, target) = try parts(of: route, table: id)
            try await Routes.create(inTable: id, destination, target: target, timeout: timeout, in: context)
        }
    }

    /// Brings the table from the prior routes to the planned ones, as Terraform does: a
    /// destination in both with another target is replaced, a new destination is created, a
    /// destination no longer planned is deleted.
    func update(from old: [Value], to new: [Value], table id: String, timeout: Duration, in context: AWSContext) async throws {
        // Prior routes come from AWS and may have a target these blocks cannot name.
        let before = old.compactMap { route in destination(of: route).map { (destination: $0, target: try? parts(of: route, table: id).target) } }
        let after = try new.map { try parts(of: $0, table: id) }
        for (destination, target) in after {
            if let existing = before.first(where: { $0.destination == destination }) {
                if existing.target?.attribute != target.attribute || existing.target?.value != target.value {
                    try await Routes.replace(inTable: id, destination, target: target, timeout: timeout, in: context)
                }
            } else {
                try await Routes.create(inTable: id, destination, target: target, timeout: timeout, in: context)
            }
        }
        for (destination, _) in before where !after.contains(where: { $0.destination == destination }) {
            try await Routes.delete(inTable: id, destination, timeout: timeout, in: context)
        }
    }
}
