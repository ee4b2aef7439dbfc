import Foundation
import Provisioner
import ResourceGraph

/// `aws_route`: one route in a route table, named by the table and its destination (IPv4 or
/// IPv6 block, or prefix list), pointing at one target. Import id: `ROUTETABLEID_DESTINATION`
/// (`rtb-0a1b2c3d_10.42.0.0/16`); its id is Terraform's `r-` + table id + a hash of the
/// destination.
struct RouteResource: AWSResourceType {
    static let displayName = "EC2 Route"
    static let typeName = "aws_route"

    static let destinations = ["destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"]
    static let targets = [
        "carrier_gateway_id", "core_network_arn", "egress_only_gateway_id", "gateway_id", "instance_id", "local_gateway_id",
        "nat_gateway_id", "network_interface_id", "transit_gateway_id", "vpc_endpoint_id", "vpc_peering_connection_id",
    ]

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "route_table_id": AttributeSchema(.string, .required, forceNew: true),
            "destination_cidr_block": AttributeSchema(.string, .optional, forceNew: true),
            "destination_ipv6_cidr_block": AttributeSchema(.string, .optional, forceNew: true),
            "destination_prefix_list_id": AttributeSchema(.string, .optional, forceNew: true),
            "carrier_gateway_id": AttributeSchema(.string, .optional),
            "core_network_arn": AttributeSchema(.string, .optional),
            "egress_only_gateway_id": AttributeSchema(.string, .optional),
            "gateway_id": AttributeSchema(.string, .optional),
            // AWS names an instance's interface with the instance, and the other way round.
            "instance_id": AttributeSchema(.string, .optionalComputed),
            "local_gateway_id": AttributeSchema(.string, .optional),
            "nat_gateway_id": AttributeSchema(.string, .optional),
            "network_interface_id": AttributeSchema(.string, .optionalComputed),
            "transit_gateway_id": AttributeSchema(.string, .optional),
            "vpc_endpoint_id": AttributeSchema(.string, .optional),
            "vpc_peering_connection_id": AttributeSchema(.string, .optional),
            "instance_owner_id": AttributeSchema(.string, .computed),
            "origin": AttributeSchema(.string, .computed),
            "state": AttributeSchema(.string, .computed),
        ],
        blocks: ["timeouts": Timeouts.block(create: true, update: true, delete: true)]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        // The same IPv6 block spelled another way is no change (AWS answers in canonical form).
        if let prior, let before = prior.string("destination_ipv6_cidr_block"), let after = proposed.string("destination_ipv6_cidr_block"),
           before != after, EC2.cidrBlocksEqual(before, after) {
            return PlannedChange(planned: proposed.setting(["destination_ipv6_cidr_block": .string(before)]))
        }
        return PlannedChange(planned: proposed)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let (tableID, destination, target) = try parts(of: planned)
        do {
            try await Routes.create(inTable: tableID, destination, target: target, timeout: Timeouts.duration(planned, "create", default: .seconds(300)), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Route in Route Table (\(tableID)) with destination (\(destination.value))")
        }
        return try await readBack(planned.setting(["id": .string(Self.id(table: tableID, destination: destination.value))]), in: context, after: "creating")
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let tableID = current.string("route_table_id"), let destination = Self.destination(of: current) else { return nil }
        do {
            guard let route = try await Routes.find(destination, inTable: tableID, in: context) else { return nil }
            var attributes: [String: Value] = [
                "id": .string(Self.id(table: tableID, destination: destination.value)),
                "route_table_id": .string(tableID),
                "destination_cidr_block": .string(route.string("destinationCidrBlock") ?? ""),
                // The configured spelling of an IPv6 block is kept: AWS's may differ in form only.
                "destination_ipv6_cidr_block": .string(destination.isIPv6 ? destination.value : ""),
                "destination_prefix_list_id": .string(route.string("destinationPrefixListId") ?? ""),
                "instance_owner_id": .string(route.string("instanceOwnerId") ?? ""),
                "origin": .string(route.string("origin") ?? ""),
                "state": .string(route.string("state") ?? ""),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ]
            for target in Self.targets { attributes[target] = .string(Routes.target(target, of: route)) }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Route in Route Table (\(tableID)) with destination (\(destination.value))")
        }
    }

    /// Points the route at the planned target (the destination and table force a new route).
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        let (tableID, destination, target) = try parts(of: planned, changedFrom: prior)
        do {
            try await Routes.replace(inTable: tableID, destination, target: target, timeout: Timeouts.duration(planned, "update", default: .seconds(120)), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Route in Route Table (\(tableID)) with destination (\(destination.value))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let tableID = current.string("route_table_id"), let destination = Self.destination(of: current) else { return }
        do {
            try await Routes.delete(inTable: tableID, destination, timeout: Timeouts.duration(current, "delete", default: .seconds(300)), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Route in Route Table (\(tableID)) with destination (\(destination.value))")
        }
    }

    /// Import by `ROUTETABLEID_DESTINATION`: a destination with `:` is an IPv6 block, with `.`
    /// an IPv4 block, otherwise a prefix list id.
    func importObject(id: String, in context: AWSContext) async throws -> Value {
        let parts = id.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ProviderError("Invalid EC2 Route import id", detail: "\"\(id)\" is not ROUTETABLEID_DESTINATION (for example rtb-0a1b2c3d_10.42.0.0/16 or rtb-0a1b2c3d_pl-6da54004).")
        }
        let table = String(parts[0]), destination = String(parts[1])
        let name = destination.contains(":") ? "destination_ipv6_cidr_block" : destination.contains(".") ? "destination_cidr_block" : "destination_prefix_list_id"
        guard let object = try await read(.object(["route_table_id": .string(table), name: .string(destination)]), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "Route table \(table) has no route to \(destination) in \(context.region).")
        }
        return object
    }

    // MARK: Parts

    /// Terraform's route id: `r-` + the table id + the CRC-32 of the destination, in decimal.
    static func id(table: String, destination: String) -> String {
        "r-\(table)\(CRC32.checksum(Array(destination.utf8)))"
    }

    static func destination(of object: Value) -> Routes.Destination? {
        let set = destinations.filter { !(object.string($0) ?? "").isEmpty }
        guard set.count == 1, let name = set.first, let value = object.string(name) else { return nil }
        switch name {
        case "destination_cidr_block": return .ipv4(value)
        case "destination_ipv6_cidr_block": return .ipv6(value)
        default: return .prefixList(value)
        }
    }

    /// The table, destination and target of a planned route, checked as Terraform checks them
    /// (exactly one destination, exactly one target). On update, the target is the one that
    /// changed: instance and interface may both be set, one of them by AWS.
    private func parts(of planned: Value, changedFrom prior: Value? = nil) throws -> (String, Routes.Destination, (attribute: String, value: String)) {
        guard let tableID = planned.string("route_table_id") else {
            throw ProviderError("Invalid EC2 Route", detail: "route_table_id must be known.")
        }
        guard let destination = Self.destination(of: planned) else {
            throw ProviderError("Invalid EC2 Route", detail: "exactly one of \(Self.destinations.joined(separator: ", ")) must be set.")
        }
        var set = Self.targets.filter { !(planned.string($0) ?? "").isEmpty }
        if let prior, set.count > 1 {
            let changed = set.filter { planned.string($0) != prior.string($0) }
            if !changed.isEmpty { set = changed }
        }
        if set.count == 2, Set(set) == ["instance_id", "network_interface_id"] { set = ["instance_id"] }
        guard set.count == 1, let target = set.first, let value = planned.string(target) else {
            throw ProviderError("Invalid EC2 Route", detail: "exactly one of \(Self.targets.joined(separator: ", ")) must be set\(set.isEmpty ? "" : "; this route sets \(set.joined(separator: " and "))").")
        }
        if target == "egress_only_gateway_id", case .ipv4 = destination {
            throw ProviderError("Invalid EC2 Route", detail: "egress_only_gateway_id takes IPv6 destinations only; it conflicts with destination_cidr_block.")
        }
        if target == "carrier_gateway_id", case .ipv6 = destination {
            throw ProviderError("Invalid EC2 Route", detail: "carrier_gateway_id takes IPv4 destinations only; it conflicts with destination_ipv6_cidr_block.")
        }
        if target == "vpc_endpoint_id", case .prefixList = destination {
            throw ProviderError("Invalid EC2 Route", detail: "vpc_endpoint_id conflicts with destination_prefix_list_id: a gateway VPC endpoint's prefix list routes belong to the endpoint (route_table_ids of aws_vpc_endpoint).")
        }
        return (tableID, destination, (target, value))
    }
}

// MARK: Reconciliation

extension RouteResource {
    /// A route is unique by table and destination.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        guard configuration.string("route_table_id") != nil, Self.destination(of: configuration) != nil else { return nil }
        return [:]
    }
}
