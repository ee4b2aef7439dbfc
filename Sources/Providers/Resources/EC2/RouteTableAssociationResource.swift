import Foundation
import Provisioner
import ResourceGraph

/// `aws_route_table_association`: a subnet's (or an internet or virtual private gateway's)
/// route table. A new `route_table_id` moves the association in place with
/// ReplaceRouteTableAssociation, which gives it a new id. Import id: `subnet-…/rtb-…` or
/// `igw-…/rtb-…`.
struct RouteTableAssociationResource: AWSResourceType {
    static let displayName = "EC2 Route Table Association"
    static let typeName = "aws_route_table_association"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "gateway_id": AttributeSchema(.string, .optional, forceNew: true),
            "route_table_id": AttributeSchema(.string, .required),
            "subnet_id": AttributeSchema(.string, .optional, forceNew: true),
        ],
        blocks: ["timeouts": Timeouts.block(create: true, update: true, delete: true)]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        // The association gets a new id when it moves to another table.
        if let prior, proposed.string("route_table_id") != prior.string("route_table_id") {
            return PlannedChange(planned: proposed.setting(["id": .unknown(.string)]))
        }
        return PlannedChange(planned: proposed)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let tableID = planned.string("route_table_id") else {
            throw ProviderError("Creating EC2 Route Table Association", detail: "route_table_id must be known.")
        }
        let subnet = planned.string("subnet_id") ?? "", gateway = planned.string("gateway_id") ?? ""
        guard subnet.isEmpty != gateway.isEmpty else {
            throw ProviderError("Creating EC2 Route Table (\(tableID)) Association", detail: "exactly one of subnet_id and gateway_id must be set.")
        }
        var parameters = QueryParameters()
        parameters.set("RouteTableId", tableID)
        if !subnet.isEmpty { parameters.set("SubnetId", subnet) }
        if !gateway.isEmpty { parameters.set("GatewayId", gateway) }
        let timeout = Timeouts.duration(planned, "create", default: .seconds(300))
        let id: String
        do {
            // A table created a moment ago may not be visible to AssociateRouteTable yet.
            let response = try await EC2.retrying(on: ["InvalidRouteTableID.NotFound"], timeout: timeout) {
                // Not repeated blindly: a lost answer is followed by a lookup of the association.
                try await context.client.query(.ec2, action: "AssociateRouteTable", parameters: parameters, idempotent: false)
            }
            guard let associationID = response.string("associationId") else {
                throw ProviderError("Creating EC2 Route Table (\(tableID)) Association", detail: "AssociateRouteTable answered without an association id.")
            }
            id = associationID
            try await RouteTables.waitForAssociation(id, timeout: timeout, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Route Table (\(tableID)) Association")
        }
        return try await readBack(planned.setting(["id": .string(id)]), in: context, after: "creating")
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let (association, _) = try await RouteTables.association(id, in: context) else { return nil }
            return .object([
                "id": .string(id),
                "gateway_id": .string(association.string("gatewayId") ?? ""),
                "route_table_id": .string(association.string("routeTableId")),
                "subnet_id": .string(association.string("subnetId") ?? ""),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Route Table Association (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id"), let tableID = planned.string("route_table_id") else {
            throw ProviderError("Updating EC2 Route Table Association", detail: "the association has no id in state.")
        }
        let newID: String
        do {
            newID = try await RouteTables.replaceAssociation(id, table: tableID, timeout: Timeouts.duration(planned, "update", default: .seconds(120)), in: context)
        } catch let error as AWSError where error.code == "InvalidAssociationID.NotFound" {
            // The association went away meanwhile: make it anew, as Terraform does.
            return try await create(planned, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Route Table Association (\(id))")
        }
        return try await readBack(planned.setting(["id": .string(newID)]), in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            try await RouteTables.disassociate(id, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Route Table Association (\(id))")
        }
    }

    /// Import by `TARGET/ROUTE-TABLE-ID`, where the target is the subnet or gateway.
    func importObject(id: String, in context: AWSContext) async throws -> Value {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ProviderError("Invalid EC2 Route Table Association import id", detail: "\"\(id)\" is not SUBNET-ID/ROUTE-TABLE-ID or GATEWAY-ID/ROUTE-TABLE-ID (for example subnet-0a1b2c3d/rtb-0e1f2a3b).")
        }
        let target = String(parts[0]), tableID = String(parts[1])
        let table: XMLNode?
        do {
            table = try await Routes.describeTable(tableID, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "importing EC2 Route Table Association (\(id))")
        }
        guard let table else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No EC2 Route Table with id \(tableID) exists in \(context.region).")
        }
        let association = table.all("associationSet", "item").first { $0.string("subnetId") == target || $0.string("gatewayId") == target }
        guard let associationID = association?.string("routeTableAssociationId"), let object = try await read(.object(["id": .string(associationID)]), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No association between route table \(tableID) and \(target) exists.")
        }
        return object
    }
}

// MARK: Reconciliation

extension RouteTableAssociationResource {
    /// A subnet or gateway has one association with a table: found in the table.
    func findCreated(_ query: CreatedObjectQuery, in context: AWSContext) async throws -> CreatedObjectLookup {
        guard let configuration = query.configuration, let tableID = configuration.string("route_table_id"),
              let target = configuration.string("subnet_id") ?? configuration.string("gateway_id") else { return .unsupported }
        guard let table = try await Routes.describeTable(tableID, in: context),
              let association = table.all("associationSet", "item").first(where: { $0.string("subnetId") == target || $0.string("gatewayId") == target }),
              let id = association.string("routeTableAssociationId"),
              let found = try await read(configuration.setting(["id": .string(id)]), in: context) else { return .notFound }
        return .found(found)
    }
}
