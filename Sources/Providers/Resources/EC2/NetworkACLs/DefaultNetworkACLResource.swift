import Foundation
import Provisioner
import ResourceGraph

/// `aws_default_network_acl`: adopts a VPC's default network ACL (never creates one). Adopting
/// it deletes all its rules, then creates the configured ones: its rules are exactly the
/// configured ones (no blocks: no rules, so all traffic is denied). Subnets listed are moved to
/// it; subnets cannot be removed from it, only moved to another ACL. Destroying it only forgets
/// it. Import id: the ACL id.
struct DefaultNetworkACLResource: AWSResourceType {
    static let displayName = "EC2 Default Network ACL"
    static let typeName = "aws_default_network_acl"
    /// Creating again is harmless: it adopts the VPC's default network ACL.
    static let createIsRepeatable = true
    /// It adopts the object AWS made with the VPC: no system tags, so it is never deleted by them.
    static let receivesSystemTags = false

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "default_network_acl_id": AttributeSchema(.string, .required, forceNew: true),
            "vpc_id": AttributeSchema(.string, .computed),
            "subnet_ids": AttributeSchema(.set(.string), .optional),
            "owner_id": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "ingress": NetworkACLEntry.blockSchema,
            "egress": NetworkACLEntry.blockSchema,
        ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        let planned = AWSTags.planTagsAll(proposed, settings: settings).setting([
            "ingress": NetworkACLEntry.plannedSet("ingress", proposed: proposed, configuration: configuration, prior: prior, computedWhenEmpty: false),
            "egress": NetworkACLEntry.plannedSet("egress", proposed: proposed, configuration: configuration, prior: prior, computedWhenEmpty: false),
        ])
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = planned.string("default_network_acl_id") else { throw ProviderError("Adopting EC2 Default Network ACL", detail: "default_network_acl_id is not known.") }
        let acl: XMLNode?
        do {
            acl = try await NetworkACLs.describe(id, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Network ACL (\(id))")
        }
        guard let acl else { throw ProviderError("Reading EC2 Network ACL (\(id))", detail: "no network ACL with this id exists in \(context.region).") }
        guard acl.child("default")?.boolValue == true else {
            throw ProviderError("Adopting EC2 Default Network ACL (\(id))", detail: "this is not a VPC's default network ACL: use the `aws_network_acl` resource instead.")
        }
        let adopted = planned.setting(["id": .string(id)])
        do {
            // Every rule goes first, so that only the configured ones exist afterwards.
            try await NetworkACLs.deleteEntries(NetworkACLs.entries(of: acl, egress: false), aclID: id, egress: false, in: context)
            try await NetworkACLs.deleteEntries(NetworkACLs.entries(of: acl, egress: true), aclID: id, egress: true, in: context)
            try await NetworkACLs.createEntries(NetworkACLEntry.entries(of: planned[attribute: "egress"]), aclID: id, egress: true, in: context)
            try await NetworkACLs.createEntries(NetworkACLEntry.entries(of: planned[attribute: "ingress"]), aclID: id, egress: false, in: context)
            for subnetID in planned.stringList("subnet_ids") ?? [] {
                try await NetworkACLs.associate(subnetID: subnetID, aclID: id, in: context)
            }
            let wanted = planned.stringMap("tags_all") ?? [:]
            let existing = EC2.tags(of: acl).filter { !$0.key.hasPrefix("aws:") && !context.settings.ignoresTag($0.key) }
            if wanted != existing {
                try await EC2.updateTags(id: id, from: existing, to: wanted, in: context)
            }
            return try await readBack(adopted, in: context, after: "adopting")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "adopting EC2 Default Network ACL (\(id))", partialObject: adopted)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let acl = try await NetworkACLs.describe(id, in: context) else { return nil }
            var attributes = NetworkACLs.attributes(of: acl, current: current, in: context)
            attributes["default_network_acl_id"] = .string(id)
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Default Network ACL (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id"), let vpcID = prior.string("vpc_id") else { throw ProviderError("Updating EC2 Default Network ACL", detail: "the ACL has no id in state.") }
        do {
            try await NetworkACLs.updateEntries(id, prior: prior, planned: planned, in: context)
            try await NetworkACLs.updateSubnets(id, vpcID: vpcID, prior: prior, planned: planned, keepRemoved: true, in: context)
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Default Network ACL (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// A VPC's default ACL cannot be deleted: destroying the resource only removes it from
    /// state, leaving its rules and subnets as they are.
    func delete(_ current: Value, in context: AWSContext) async throws {
        context.progress("default network ACLs are not deleted; forgetting \(current.string("id") ?? "it")")
    }
}
