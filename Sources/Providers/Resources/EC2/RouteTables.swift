import Foundation
import Provisioner
import ResourceGraph

/// What aws_route_table and aws_default_route_table share, and the association calls that
/// aws_route_table_association and aws_main_route_table_association use.
enum RouteTables {
    /// The attributes both route table types read the same way.
    static func attributes(of table: XMLNode, id: String, routes: InlineRoutes, prior: Value?, in context: AWSContext) async throws -> [String: Value] {
        let owner = table.string("ownerId")
        var attributes: [String: Value] = [
            "id": .string(id),
            "arn": .string(EC2.arn(context, owner: owner, resource: "route-table/\(id)")),
            "owner_id": .string(owner),
            "propagating_vgws": .stringSet(table.all("propagatingVgwSet", "item").compactMap { $0.string("gatewayId") }),
            "route": try await routes.read(table, prior: prior, in: context),
            "vpc_id": .string(table.string("vpcId")),
        ]
        // Amazon FSx tags the route tables it uses; Terraform leaves that tag alone.
        let tags = EC2.tags(of: table).filter { $0.key != "AmazonFSx" }
        attributes.merge(AWSTags.attributes(remote: tags, prior: prior, settings: context.settings)) { _, new in new }
        return attributes
    }

    /// An object to keep as the partial result of a failed create: the planned routes and
    /// gateways where they are known, none where they are not.
    static func known(_ planned: Value, routes: InlineRoutes) -> Value {
        var changes: [String: Value] = [:]
        if !(planned[attribute: "route"]?.isWhollyKnown ?? false) { changes["route"] = .set([], of: routes.block.block.valueType) }
        if !(planned[attribute: "propagating_vgws"]?.isWhollyKnown ?? false) { changes["propagating_vgws"] = .stringSet([]) }
        return planned.setting(changes)
    }

    /// Brings propagation, routes and tags from `prior` to `planned`.
    static func update(_ id: String, prior: Value, planned: Value, routes: InlineRoutes, timeout: Duration, in context: AWSContext) async throws {
        // Unset on the default route table (where the argument is not computed) means none.
        if planned[attribute: "propagating_vgws"]?.isKnown ?? false {
            let wanted = planned.stringList("propagating_vgws") ?? []
            let before = Set(prior.stringList("propagating_vgws") ?? []), after = Set(wanted)
            for gateway in before.subtracting(after).sorted() { try await disablePropagation(table: id, gateway: gateway, in: context) }
            for gateway in after.subtracting(before).sorted() { try await enablePropagation(table: id, gateway: gateway, timeout: timeout, in: context) }
        }
        if let wanted = planned[attribute: "route"], wanted.isKnown,
           !ObjectPlanning.equivalent(prior[attribute: "route"] ?? .null, wanted) {
            try await routes.update(from: prior.objects("route"), to: wanted.elements ?? [], table: id, timeout: timeout, in: context)
        }
        try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
    }

    /// A new table is not visible to every call at once. Returns the table as first seen.
    @discardableResult
    static func waitUntilVisible(_ id: String, timeout: Duration, in context: AWSContext) async throws -> XMLNode {
        let waiter = EC2.waiter(timeout: timeout, in: context)
        return try await waiter.wait(for: "EC2 Route Table \(id) to be ready", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<XMLNode> in
            if let table = try await Routes.describeTable(id, in: context) { return .done(table) }
            return .pending("not visible yet")
        }
    }

    /// A virtual private gateway not yet attached to the VPC answers Gateway.NotAttached for a
    /// while, which is retried.
    static func enablePropagation(table id: String, gateway: String, timeout: Duration, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("GatewayId", gateway)
        parameters.set("RouteTableId", id)
        context.progress("enabling route propagation from \(gateway)")
        _ = try await EC2.retrying(on: ["Gateway.NotAttached"], timeout: timeout) {
            try await context.client.query(.ec2, action: "EnableVgwRoutePropagation", parameters: parameters)
        }
    }

    static func disablePropagation(table id: String, gateway: String, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("GatewayId", gateway)
        parameters.set("RouteTableId", id)
        context.progress("disabling route propagation from \(gateway)")
        _ = try await context.client.query(.ec2, action: "DisableVgwRoutePropagation", parameters: parameters)
    }

    // MARK: Associations

    /// The association with this id and the table it belongs to; nil when there is none or
    /// it has been disassociated.
    static func association(_ associationID: String, in context: AWSContext) async throws -> (association: XMLNode, table: XMLNode)? {
        var parameters = QueryParameters()
        parameters.setList("Filter", [EC2.filter("association.route-table-association-id", [associationID])])
        let tables = try await context.client.query(.ec2, action: "DescribeRouteTables", parameters: parameters).all("routeTableSet", "item")
        for table in tables {
            for association in table.all("associationSet", "item") where association.string("routeTableAssociationId") == associationID {
                let state = association.string("associationState", "state")
                if state == "disassociated" || state == "failed" { return nil }
                return (association, table)
            }
        }
        return nil
    }

    /// The VPC's main route table association: the one with `main` set.
    static func mainAssociation(ofVPC vpcID: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("Filter", [EC2.filter("vpc-id", [vpcID]), EC2.filter("association.main", ["true"])])
        let tables = try await context.client.query(.ec2, action: "DescribeRouteTables", parameters: parameters).all("routeTableSet", "item")
        return tables.lazy.flatMap { $0.all("associationSet", "item") }.first { $0.child("main")?.boolValue == true }
    }

    /// Points an association at another table; AWS gives the association a new id.
    static func replaceAssociation(_ associationID: String, table: String, timeout: Duration, in context: AWSContext) async throws -> String {
        var parameters = QueryParameters()
        parameters.set("AssociationId", associationID)
        parameters.set("RouteTableId", table)
        let response = try await context.client.query(.ec2, action: "ReplaceRouteTableAssociation", parameters: parameters)
        guard let newID = response.string("newAssociationId") else {
            throw ProviderError("Replacing route table association \(associationID)", detail: "ReplaceRouteTableAssociation answered without the new association id.")
        }
        try await waitForAssociation(newID, timeout: timeout, in: context)
        return newID
    }

    /// Waits until an association is `associated`; a failed one ends the wait with AWS's reason.
    static func waitForAssociation(_ associationID: String, timeout: Duration, in context: AWSContext) async throws {
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "route table association \(associationID) to become associated", progress: { context.progress("association: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            var parameters = QueryParameters()
            parameters.setList("Filter", [EC2.filter("association.route-table-association-id", [associationID])])
            let tables = try await context.client.query(.ec2, action: "DescribeRouteTables", parameters: parameters).all("routeTableSet", "item")
            guard let association = tables.lazy.flatMap({ $0.all("associationSet", "item") }).first(where: { $0.string("routeTableAssociationId") == associationID }) else {
                return .pending("not visible yet")
            }
            switch association.string("associationState", "state") {
            case "associated", nil: return .done(())
            case "failed": return .failed(association.string("associationState", "statusMessage") ?? "the association failed")
            case let state?: return .pending(state)
            }
        }
    }

    /// Ends an association and waits until it is gone; one already gone is fine.
    static func disassociate(_ associationID: String, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("AssociationId", associationID)
        context.progress("disassociating \(associationID)")
        do {
            _ = try await context.client.query(.ec2, action: "DisassociateRouteTable", parameters: parameters)
        } catch where EC2.isNotFound(error) {
            return
        }
        let waiter = EC2.waiter(timeout: .seconds(300), in: context)
        try await waiter.wait(for: "route table association \(associationID) to go", progress: { context.progress("association: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            try await association(associationID, in: context) == nil ? .done(()) : .pending("still associated")
        }
    }
}
