import Foundation
import Provisioner
import ResourceGraph

/// `aws_default_route_table`: adopts a VPC's default route table (`default_route_table_id`,
/// usually `aws_vpc.x.default_route_table_id`). Creating it removes the routes and route
/// propagation the table has, then sets the configured ones and the tags; destroying it only
/// forgets it, since a VPC's default route table cannot be deleted. Import id: the VPC id.
struct DefaultRouteTableResource: AWSResourceType {
    static let displayName = "EC2 Default Route Table"
    static let typeName = "aws_default_route_table"
    /// Creating again is harmless: it adopts the VPC's main route table.
    static let createIsRepeatable = true
    /// It adopts the object AWS made with the VPC: no system tags, so it is never deleted by them.
    static let receivesSystemTags = false

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "default_route_table_id": AttributeSchema(.string, .required, forceNew: true),
            "owner_id": AttributeSchema(.string, .computed),
            "propagating_vgws": AttributeSchema(.set(.string), .optional),
            "vpc_id": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "route": InlineRoutes.defaultRouteTable.block,
            "timeouts": Timeouts.block(create: true, update: true, delete: false),
        ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        let planned = AWSTags.planTagsAll(proposed, settings: settings)
        return PlannedChange(planned: InlineRoutes.defaultRouteTable.plan(planned, prior: prior, configuration: configuration))
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = planned.string("default_route_table_id") else {
            throw ProviderError("Creating EC2 Default Route Table", detail: "default_route_table_id must be known.")
        }
        let partial = RouteTables.known(planned.setting(["id": .string(id)]), routes: .defaultRouteTable)
        do {
            guard let table = try await Routes.describeTable(id, in: context) else {
                throw ProviderError("Creating EC2 Default Route Table (\(id))", detail: "no route table with id \(id) exists in \(context.region).")
            }
            let timeout = Timeouts.duration(planned, "create", default: .seconds(120))
            context.progress("taking over the table's routes")
            for gateway in table.all("propagatingVgwSet", "item").compactMap({ $0.string("gatewayId") }) {
                try await RouteTables.disablePropagation(table: id, gateway: gateway, in: context)
            }
            for route in table.all("routeSet", "item") where Self.isRemovable(route) {
                guard let destination = Self.destination(of: route) else { continue }
                try await Routes.delete(inTable: id, destination, timeout: timeout, in: context)
            }
            for gateway in planned.stringList("propagating_vgws") ?? [] {
                try await RouteTables.enablePropagation(table: id, gateway: gateway, timeout: timeout, in: context)
            }
            try await InlineRoutes.defaultRouteTable.create(planned.objects("route"), table: id, timeout: timeout, in: context)
            try await EC2.updateTags(id: id, from: [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Default Route Table (\(id))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let table = try await Routes.describeTable(id, in: context) else { return nil }
            var attributes = try await RouteTables.attributes(of: table, id: id, routes: .defaultRouteTable, prior: current, in: context)
            attributes["default_route_table_id"] = .string(id)
            attributes["timeouts"] = current[attribute: "timeouts"] ?? .null(Timeouts.valueType)
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Default Route Table (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 Default Route Table", detail: "the route table has no id in state.") }
        do {
            try await RouteTables.update(id, prior: prior, planned: planned, routes: .defaultRouteTable, timeout: Timeouts.duration(planned, "update", default: .seconds(120)), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Default Route Table (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// A VPC's default route table lives as long as the VPC: destroying only forgets it.
    func delete(_ current: Value, in context: AWSContext) async throws {
        context.progress("the default route table stays with its VPC; it is only removed from state")
    }

    /// Import by the VPC id: its main route table is adopted.
    func importObject(id: String, in context: AWSContext) async throws -> Value {
        let main: XMLNode?
        do {
            main = try await RouteTables.mainAssociation(ofVPC: id, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "importing EC2 Default Route Table (\(id))")
        }
        guard let tableID = main?.string("routeTableId"), let object = try await read(.object(["id": .string(tableID)]), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No VPC \(id) with a main route table exists in \(context.region). The import id of aws_default_route_table is the VPC id.")
        }
        return object
    }

    // MARK: Adopting

    /// The routes adopting the table removes: all but the local route, propagated routes and
    /// gateway VPC endpoints' routes, which AWS or other resources own.
    private static func isRemovable(_ route: XMLNode) -> Bool {
        let gateway = route.string("gatewayId") ?? ""
        if gateway == "local" { return false }
        if route.string("origin") == "EnableVgwRoutePropagation" { return false }
        if route.string("destinationPrefixListId") != nil && gateway.hasPrefix("vpce-") { return false }
        return true
    }

    private static func destination(of route: XMLNode) -> Routes.Destination? {
        if let cidr = route.string("destinationCidrBlock") { return .ipv4(cidr) }
        if let cidr = route.string("destinationIpv6CidrBlock") { return .ipv6(cidr) }
        if let list = route.string("destinationPrefixListId") { return .prefixList(list) }
        return nil
    }
}
