import Foundation
import Provisioner
import ResourceGraph

/// `aws_network_acl`: a network ACL with its inline rules and the subnets it applies to.
/// Removing a subnet (or deleting the ACL) moves it back to the VPC's default ACL.
/// Import id: the ACL id (not the default ACL's: that is `aws_default_network_acl`).
struct NetworkACLResource: AWSResourceType {
    static let displayName = "EC2 Network ACL"
    static let typeName = "aws_network_acl"
    static let systemTagSearch = SystemTagSearch.ec2

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "vpc_id": AttributeSchema(.string, .required, forceNew: true),
            "subnet_ids": AttributeSchema(.set(.string), .optionalComputed),
            "owner_id": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "ingress": NetworkACLEntry.blockSchema,
            "egress": NetworkACLEntry.blockSchema,
        ]))

    /// The rule sets are optional and computed: with no blocks, the rules the ACL has stay.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        let planned = AWSTags.planTagsAll(proposed, settings: settings).setting([
            "ingress": NetworkACLEntry.plannedSet("ingress", proposed: proposed, configuration: configuration, prior: prior, computedWhenEmpty: true),
            "egress": NetworkACLEntry.plannedSet("egress", proposed: proposed, configuration: configuration, prior: prior, computedWhenEmpty: true),
        ])
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let vpcID = planned.string("vpc_id") else { throw ProviderError("Creating EC2 Network ACL", detail: "vpc_id is not known.") }
        var parameters = QueryParameters()
        parameters.set("VpcId", vpcID)
        // The client token makes a retried create return the same ACL.
        parameters.set("ClientToken", context.idempotencyToken)
        EC2.setTagSpecification(&parameters, resourceType: "network-acl", tags: planned.stringMap("tags_all") ?? [:])
        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: "CreateNetworkAcl", parameters: parameters, idempotent: context.idempotencyToken != nil)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Network ACL")
        }
        guard let id = response.string("networkAcl", "networkAclId") else {
            throw ProviderError("Creating EC2 Network ACL", detail: "CreateNetworkAcl answered without a network ACL id.")
        }
        let partial = planned.setting(["id": .string(id)])
        do {
            try await EC2.waitUntilExists("EC2 Network ACL \(id)", timeout: NetworkACLs.propagationTimeout, in: context) {
                try await NetworkACLs.describe(id, in: context) != nil
            }
            try await NetworkACLs.createEntries(NetworkACLEntry.entries(of: planned[attribute: "egress"]), aclID: id, egress: true, in: context)
            try await NetworkACLs.createEntries(NetworkACLEntry.entries(of: planned[attribute: "ingress"]), aclID: id, egress: false, in: context)
            for subnetID in planned.stringList("subnet_ids") ?? [] {
                try await NetworkACLs.associate(subnetID: subnetID, aclID: id, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Network ACL (\(id))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let acl = try await NetworkACLs.describe(id, in: context) else { return nil }
            return .object(NetworkACLs.attributes(of: acl, current: current, in: context))
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Network ACL (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id"), let vpcID = prior.string("vpc_id") else { throw ProviderError("Updating EC2 Network ACL", detail: "the ACL has no id in state.") }
        do {
            try await NetworkACLs.updateEntries(id, prior: prior, planned: planned, in: context)
            try await NetworkACLs.updateSubnets(id, vpcID: vpcID, prior: prior, planned: planned, keepRemoved: false, in: context)
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Network ACL (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// Moves every subnet the ACL has (also those of `aws_network_acl_association`) back to
    /// the default ACL, then deletes it, retrying while AWS still sees it in use.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            guard let acl = try await NetworkACLs.describe(id, in: context) else { return }
            let subnets = acl.all("associationSet", "item").compactMap { $0.string("subnetId") }
            if let vpcID = acl.string("vpcId") {
                try await NetworkACLs.moveToDefault(subnetIDs: subnets, vpcID: vpcID, in: context)
            }
            try await EC2.deleteRetrying("EC2 Network ACL \(id)", codes: ["DependencyViolation"], timeout: NetworkACLs.propagationTimeout, in: context) {
                var parameters = QueryParameters()
                parameters.set("NetworkAclId", id)
                _ = try await context.client.query(.ec2, action: "DeleteNetworkAcl", parameters: parameters)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Network ACL (\(id))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard let acl = try await NetworkACLs.describe(id, in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No EC2 Network ACL with id \(id) exists in \(context.region).")
        }
        if acl.child("default")?.boolValue == true {
            throw ProviderError("Importing EC2 Network ACL (\(id))", detail: "this is its VPC's default network ACL: use the `aws_default_network_acl` resource instead.")
        }
        return .object(NetworkACLs.attributes(of: acl, current: .object(["id": .string(id)]), in: context))
    }
}
