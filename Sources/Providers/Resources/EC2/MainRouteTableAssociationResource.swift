import Foundation
import Provisioner
import ResourceGraph

/// `aws_main_route_table_association`: which route table is a VPC's main one. Creating it
/// records the table that was main (`original_route_table_id`); deleting it makes that table
/// main again. Its id is the main association's id, which changes with every move. Not
/// importable, as in Terraform.
struct MainRouteTableAssociationResource: AWSResourceType {
    static let displayName = "EC2 Main Route Table Association"
    static let typeName = "aws_main_route_table_association"
    /// Creating again is harmless: it replaces the VPC's main association.
    static let createIsRepeatable = true

    let schema = ResourceTypeSchema(
        block: BlockSchema(
            attributes: [
                "id": AttributeSchema(.string, .computed),
                "original_route_table_id": AttributeSchema(.string, .computed),
                "route_table_id": AttributeSchema(.string, .required),
                "vpc_id": AttributeSchema(.string, .required),
            ],
            blocks: ["timeouts": Timeouts.block(create: true, update: true, delete: true)]),
        importable: false)

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        if let prior, proposed.string("route_table_id") != prior.string("route_table_id") {
            return PlannedChange(planned: proposed.setting(["id": .unknown(.string)]))
        }
        return PlannedChange(planned: proposed)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let vpcID = planned.string("vpc_id"), let tableID = planned.string("route_table_id") else {
            throw ProviderError("Creating EC2 Main Route Table Association", detail: "vpc_id and route_table_id must be known.")
        }
        let newID: String, original: String?
        do {
            guard let main = try await RouteTables.mainAssociation(ofVPC: vpcID, in: context), let mainID = main.string("routeTableAssociationId") else {
                throw ProviderError("Creating EC2 Main Route Table Association (\(tableID))", detail: "VPC \(vpcID) has no main route table association.")
            }
            original = main.string("routeTableId")
            newID = try await RouteTables.replaceAssociation(mainID, table: tableID, timeout: Timeouts.duration(planned, "create", default: .seconds(300)), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Main Route Table Association (\(tableID))")
        }
        return try await readBack(planned.setting(["id": .string(newID), "original_route_table_id": .string(original)]), in: context, after: "creating")
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let (association, table) = try await RouteTables.association(id, in: context), association.child("main")?.boolValue == true else { return nil }
            return .object([
                "id": .string(id),
                "original_route_table_id": current[attribute: "original_route_table_id"] ?? .null(.string),
                "route_table_id": .string(association.string("routeTableId")),
                "vpc_id": .string(table.string("vpcId")),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Main Route Table Association (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id"), let tableID = planned.string("route_table_id") else {
            throw ProviderError("Updating EC2 Main Route Table Association", detail: "the association has no id in state.")
        }
        let newID: String
        do {
            newID = try await RouteTables.replaceAssociation(id, table: tableID, timeout: Timeouts.duration(planned, "update", default: .seconds(120)), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Main Route Table Association (\(tableID))")
        }
        return try await readBack(planned.setting(["id": .string(newID)]), in: context, after: "updating")
    }

    /// Gives the main role back to the table that had it before.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        guard let original = current.string("original_route_table_id"), !original.isEmpty else {
            throw ProviderError("Deleting EC2 Main Route Table Association (\(id))", detail: "the original main route table is not known, so it cannot be restored.")
        }
        do {
            _ = try await RouteTables.replaceAssociation(id, table: original, timeout: Timeouts.duration(current, "delete", default: .seconds(300)), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Main Route Table Association (\(current.string("route_table_id") ?? id))")
        }
    }
}
