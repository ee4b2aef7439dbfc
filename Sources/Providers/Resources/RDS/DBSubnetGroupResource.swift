import Foundation
import Provisioner
import ResourceGraph

/// `aws_db_subnet_group`: the subnets RDS may place a database in. Import id: the name.
struct DBSubnetGroupResource: AWSResourceType {
    static let displayName = "RDS DB Subnet Group"
    static let typeName = "aws_db_subnet_group"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "description": AttributeSchema(.string, .optional, default: .string("Managed by Terraform")),
        "subnet_ids": AttributeSchema(.set(.string), .required),
        "supported_network_types": AttributeSchema(.set(.string), .computed),
        "vpc_id": AttributeSchema(.string, .computed),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        let planned = AWSTags.planTagsAll(proposed, settings: settings)
        return PlannedChange(planned: RDS.planName(planned, prior: prior, configuration: configuration, name: "name", prefix: "name_prefix"))
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = RDS.nameToCreate(planned, name: "name", prefix: "name_prefix")
        var parameters = QueryParameters()
        parameters.set("DBSubnetGroupName", name)
        parameters.set("DBSubnetGroupDescription", planned.string("description") ?? "Managed by Terraform")
        parameters.setList("SubnetIds", (planned.stringList("subnet_ids") ?? []).sorted(), memberName: "SubnetIdentifier")
        RDS.setTags(&parameters, planned.stringMap("tags_all") ?? [:])
        do {
            // No client token: a repeat after a lost answer would fail as a name conflict.
            _ = try await RDS.call("CreateDBSubnetGroup", parameters, in: context, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating RDS DB Subnet Group (\(name))")
        }
        let partial = planned.setting(["id": .string(name), "name": .string(name)])
        do {
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating RDS DB Subnet Group (\(name))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") ?? current.string("name") else { return nil }
        do {
            guard let group = try await describe(name, in: context) else { return nil }
            let arn = group.string("DBSubnetGroupArn") ?? ""
            let subnets = group.all("Subnets", "Subnet").compactMap { $0.string("SubnetIdentifier") }
            let networkTypes = group.all("SupportedNetworkTypes", "member").map(\.text)
            var attributes: [String: Value] = [
                "id": .string(group.string("DBSubnetGroupName") ?? name),
                "arn": .string(arn),
                "name": .string(group.string("DBSubnetGroupName") ?? name),
                "name_prefix": RDS.carriedPrefix(current, "name_prefix"),
                "description": .string(group.string("DBSubnetGroupDescription") ?? ""),
                "subnet_ids": .stringSet(subnets),
                "supported_network_types": .stringSet(networkTypes),
                "vpc_id": .string(group.string("VpcId") ?? ""),
            ]
            let tags = arn.isEmpty ? [:] : try await RDS.listTags(arn: arn, in: context)
            attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading RDS DB Subnet Group (\(name))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id"), let arn = prior.string("arn") else {
            throw ProviderError("Updating RDS DB Subnet Group", detail: "the subnet group has no name and ARN in state.")
        }
        let subnetsBefore = Set(prior.stringList("subnet_ids") ?? []), subnetsAfter = Set(planned.stringList("subnet_ids") ?? [])
        do {
            // Only when something ModifyDBSubnetGroup sets has changed: it replaces the whole
            // subnet list, and a tags-only change must not touch it.
            if planned.string("description") != prior.string("description") || subnetsBefore != subnetsAfter {
                var parameters = QueryParameters()
                parameters.set("DBSubnetGroupName", name)
                parameters.set("DBSubnetGroupDescription", planned.string("description") ?? "")
                parameters.setList("SubnetIds", subnetsAfter.sorted(), memberName: "SubnetIdentifier")
                _ = try await RDS.call("ModifyDBSubnetGroup", parameters, in: context)
            }
            try await RDS.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating RDS DB Subnet Group (\(name))")
        }
        return try await readBack(planned.setting(["id": .string(name)]), in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") ?? current.string("name") else { return }
        do {
            // A group is "in use" until the instances in it are gone; an instance being deleted
            // elsewhere in the same run may still hold it for a short while.
            try await RDS.retrying("RDS DB Subnet Group \(name) to be released", timeout: .seconds(180), in: context, while: { $0.code == "InvalidDBSubnetGroupStateFault" }) {
                var parameters = QueryParameters()
                parameters.set("DBSubnetGroupName", name)
                _ = try await RDS.call("DeleteDBSubnetGroup", parameters, in: context)
            }
            let waiter = AWSWaiter(timeout: .seconds(180))
            try await waiter.wait(for: "RDS DB Subnet Group \(name) to be deleted", progress: { context.progress("waiting: \($0.status)") }) { () async throws -> WaitStatus<Void> in
                try await describe(name, in: context) == nil ? .done(()) : .pending("still listed")
            }
        } catch where RDS.isNotFound(error, "DBSubnetGroupNotFoundFault") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting RDS DB Subnet Group (\(name))")
        }
    }

    // MARK: Calls

    private func describe(_ name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.set("DBSubnetGroupName", name)
        do {
            let groups = try await RDS.call("DescribeDBSubnetGroups", parameters, in: context).all("DBSubnetGroups", "DBSubnetGroup")
            // RDS keeps names in lower case and matches them without regard to case.
            return groups.first { $0.string("DBSubnetGroupName")?.caseInsensitiveCompare(name) == .orderedSame }
        } catch where RDS.isNotFound(error, "DBSubnetGroupNotFoundFault") {
            return nil
        }
    }
}

// MARK: Reconciliation

extension DBSubnetGroupResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "name") }
}
