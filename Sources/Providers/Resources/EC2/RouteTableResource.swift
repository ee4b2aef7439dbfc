import Foundation
import Provisioner
import ResourceGraph

/// `aws_route_table`: a VPC route table with inline `route` blocks (see `InlineRoutes` for how
/// they are planned and read) and route propagation from virtual private gateways.
/// Import id: the route table id.
struct RouteTableResource: AWSResourceType {
    static let displayName = "EC2 Route Table"
    static let typeName = "aws_route_table"
    static let systemTagSearch = SystemTagSearch.ec2

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "owner_id": AttributeSchema(.string, .computed),
            "propagating_vgws": AttributeSchema(.set(.string), .optionalComputed),
            "vpc_id": AttributeSchema(.string, .required, forceNew: true),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "route": InlineRoutes.routeTable.block,
            "timeouts": Timeouts.block(create: true, update: true, delete: true),
        ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        let planned = AWSTags.planTagsAll(proposed, settings: settings)
        return PlannedChange(planned: InlineRoutes.routeTable.plan(planned, prior: prior, configuration: configuration))
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        parameters.set("VpcId", planned.string("vpc_id"))
        EC2.setTagSpecification(&parameters, resourceType: "route-table", tags: planned.stringMap("tags_all") ?? [:])
        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: "CreateRouteTable", parameters: parameters, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Route Table")
        }
        guard let id = response.string("routeTable", "routeTableId") else {
            throw ProviderError("Creating EC2 Route Table", detail: "CreateRouteTable answered without a route table id.")
        }
        let partial = RouteTables.known(planned.setting(["id": .string(id)]), routes: .routeTable)
        do {
            let timeout = Timeouts.duration(planned, "create", default: .seconds(300))
            let visible = try await RouteTables.waitUntilVisible(id, timeout: timeout, in: context)
            let gateways = planned.stringList("propagating_vgws") ?? [], routes = planned.objects("route")
            if gateways.isEmpty, routes.isEmpty {
                // Nothing changes the table after the Describe call that found it.
                return try await Self.object(from: visible, id: id, current: partial, in: context)
            }
            for gateway in gateways {
                try await RouteTables.enablePropagation(table: id, gateway: gateway, timeout: timeout, in: context)
            }
            try await InlineRoutes.routeTable.create(routes, table: id, timeout: timeout, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Route Table (\(id))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let table = try await Routes.describeTable(id, in: context) else { return nil }
            return try await Self.object(from: table, id: id, current: current, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Route Table (\(id))")
        }
    }

    /// The object `read` gives for a described table.
    static func object(from table: XMLNode, id: String, current: Value, in context: AWSContext) async throws -> Value {
        var attributes = try await RouteTables.attributes(of: table, id: id, routes: .routeTable, prior: current, in: context)
        attributes["timeouts"] = current[attribute: "timeouts"] ?? .null(Timeouts.valueType)
        return .object(attributes)
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 Route Table", detail: "the route table has no id in state.") }
        do {
            try await RouteTables.update(id, prior: prior, planned: planned, routes: .routeTable, timeout: Timeouts.duration(planned, "update", default: .seconds(120)), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Route Table (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// Ends the table's subnet and gateway associations first: AWS refuses to delete a table
    /// that is still associated.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        let timeout = Timeouts.duration(current, "delete", default: .seconds(300))
        do {
            guard let table = try await Routes.describeTable(id, in: context) else { return }
            for association in table.all("associationSet", "item") where association.child("main")?.boolValue != true {
                guard let associationID = association.string("routeTableAssociationId") else { continue }
                try await RouteTables.disassociate(associationID, in: context)
            }
            try await EC2.deleteRetryingDependencies("EC2 Route Table \(id)", timeout: timeout, in: context) {
                var parameters = QueryParameters()
                parameters.set("RouteTableId", id)
                _ = try await context.client.query(.ec2, action: "DeleteRouteTable", parameters: parameters)
            }
            let waiter = EC2.waiter(timeout: timeout, in: context)
            try await waiter.wait(for: "EC2 Route Table \(id) to be deleted", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
                try await Routes.describeTable(id, in: context) == nil ? .done(()) : .pending("still listed")
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Route Table (\(id))")
        }
    }
}
